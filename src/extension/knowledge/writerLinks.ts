// Where Writer users create the things these commands need. One place, so messages agree.

/** Writer AI Studio: Knowledge Graphs and no-code agents are created and shared there. */
export const AI_STUDIO_URL = 'https://app.writer.com/aistudio';
