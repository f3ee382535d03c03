// "Ask a Knowledge Graph": pick graphs, type a question, stream the answer (with its sources and
// subqueries) into the chat panel as its own turn. Given fields of the argument skip their step.
import * as vscode from 'vscode';
import { badArgument, graphNames } from './knowledgeMessages';
import { parseAskArgs, checkQuestion, liveQuestionProblem } from './knowledgeInputs';
import { pickGraphs } from './graphPicker';
import type { KnowledgeDeps, KnowledgeOutcome } from './knowledgeApi';
import { refuseUnlessWriter } from './knowledgeNotices';
import { oneLine, truncate } from '../../shared/text';

export const ASK_COMMAND = 'streamAssist.askKnowledgeGraph';
const TITLE = 'Ask a Knowledge Graph';

export async function askKnowledgeGraph(deps: KnowledgeDeps, arg?: unknown): Promise<KnowledgeOutcome> {
  const outcome = (o: Omit<KnowledgeOutcome, 'command'>): KnowledgeOutcome => ({ command: 'askKnowledgeGraph', ...o });
  const refused = refuseUnlessWriter(deps.services, deps.notifier, 'knowledge-graph');
  if (refused) return outcome({ status: 'refused', message: refused });

  const args = parseAskArgs(arg);
  if (!args.ok) return outcome({ status: 'refused', message: deps.notifier.show('error', badArgument(TITLE, args.message)) });
  const askInBox = !('question' in args.value);

  // Checked before any picker so a bad argument never costs a round trip.
  let question: string | undefined;
  if (!askInBox) {
    const q = checkQuestion(args.value.question);
    if (!q.ok) return outcome({ status: 'refused', message: deps.notifier.show('warning', q.message) });
    question = q.question;
  }

  let graphIds = args.value.graphIds;
  let names = graphIds?.join(', ') ?? '';
  if (!graphIds) {
    const pick = await pickGraphs(deps, {
      title: askInBox ? `${TITLE} (1/2)` : TITLE,
      retry: () => vscode.commands.executeCommand(ASK_COMMAND, arg),
    });
    if (pick.status === 'dismissed') return outcome({ status: 'dismissed' });
    if (pick.status === 'refused') return outcome({ status: 'refused', message: pick.message });
    graphIds = pick.graphs.map((g) => g.id);
    names = graphNames(pick.graphs);
  }

  if (question === undefined) {
    const typed = await deps.services.quickInput.text({
      step: 'question',
      title: args.value.graphIds ? TITLE : `${TITLE} (2/2)`,
      prompt: `Question for ${names}`,
      placeholder: 'e.g. What is our refund policy for annual plans?',
      live: liveQuestionProblem,
      final: (v) => {
        const q = checkQuestion(v);
        return q.ok ? undefined : q.message;
      },
    });
    if (typed === undefined) return outcome({ status: 'dismissed' });
    question = typed.trim();
  }

  const subqueries = args.value.subqueries ?? deps.services.settings.current().knowledgeGraph.subqueries;
  const ids = graphIds;
  return deps.turns.run({
    command: 'askKnowledgeGraph',
    feature: 'knowledge-graph',
    prompt: question,
    label: `Knowledge Graph: ${truncate(oneLine(question), 40)}`,
    progressTitle: `Stream Assist: asking ${names}`,
    request: { kind: 'graph-question', graphIds: ids, question, subqueries },
    failure: { graphs: names },
    onNotFound: { title: 'Pick Graphs', run: () => vscode.commands.executeCommand(ASK_COMMAND, { question }) },
  });
}
