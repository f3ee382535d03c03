// Top bar: conversation picker with new/rename/delete, and the conversation's settings
// (model, temperature, system prompt) in a collapsible panel.
import type { ChatStateView, WebviewToHost } from '../../shared/webviewProtocol';
import { button, h, icon } from './dom';

export class Header {
  readonly el: HTMLElement;
  private readonly picker: HTMLSelectElement;
  private readonly settings: HTMLElement;
  private readonly model: HTMLSelectElement;
  private readonly temperature: HTMLInputElement;
  private readonly temperatureValue: HTMLElement;
  private readonly systemPrompt: HTMLTextAreaElement;
  private state: ChatStateView | undefined;
  private readonly renameRow: HTMLElement;
  private readonly attach: HTMLButtonElement;
  private readonly web: HTMLButtonElement;
  private readonly graphs: HTMLElement;
  private readonly renameInput: HTMLInputElement;

  constructor(private readonly post: (m: WebviewToHost) => void) {
    this.picker = h('select', { class: 'conversation-picker', 'aria-label': 'Conversation' });
    this.picker.addEventListener('change', () => this.post({ type: 'switchConversation', id: this.picker.value }));
    const settingsToggle = button('Conversation settings', {
      icon: 'settings-gear',
      onClick: () => {
        this.settings.hidden = !this.settings.hidden;
        settingsToggle.setAttribute('aria-expanded', String(!this.settings.hidden));
      },
    });
    settingsToggle.setAttribute('aria-expanded', 'false');
    this.attach = button('Attach Knowledge Graphs', { icon: 'library', onClick: () => this.post({ type: 'attachGraphs' }) });
    this.graphs = h('div', { class: 'graph-chips', 'aria-label': 'Attached Knowledge Graphs' });
    this.web = button('Search the web', { icon: 'globe', cls: 'web-toggle', onClick: () => this.state && this.post({ type: 'setWebSearch', on: !this.state.current.webSearch }) });
    const top = h(
      'div',
      { class: 'header-row' },
      this.picker,
      button('New conversation', { icon: 'add', onClick: () => this.post({ type: 'newConversation' }) }),
      button('Rename conversation', { icon: 'edit', onClick: () => this.startRename() }),
      button('Delete conversation', { icon: 'trash', onClick: () => this.state && this.post({ type: 'deleteConversation', id: this.state.current.id }) }),
      this.attach,
      this.web,
      settingsToggle,
    );
    this.renameInput = h('input', { type: 'text', class: 'rename-input', 'aria-label': 'Conversation name' });
    this.renameRow = h('div', { class: 'header-row rename-row', hidden: true }, this.renameInput);
    this.renameInput.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter') {
        const title = this.renameInput.value.trim();
        if (title && this.state) this.post({ type: 'renameConversation', id: this.state.current.id, title });
        this.renameRow.hidden = true;
      } else if (ev.key === 'Escape') this.renameRow.hidden = true;
    });
    this.renameInput.addEventListener('blur', () => (this.renameRow.hidden = true));

    this.model = h('select', { id: 'model-select' });
    this.model.addEventListener('change', () => this.post({ type: 'setModel', model: this.model.value }));
    this.temperature = h('input', { id: 'temperature', type: 'range', min: '0', max: '2', step: '0.1' });
    this.temperatureValue = h('span', { class: 'temperature-value' });
    this.temperature.addEventListener('input', () => (this.temperatureValue.textContent = this.temperature.value));
    this.temperature.addEventListener('change', () => this.post({ type: 'setTemperature', temperature: Number(this.temperature.value) }));
    this.systemPrompt = h('textarea', { id: 'system-prompt', rows: '3' });
    this.systemPrompt.addEventListener('change', () => this.post({ type: 'setSystemPrompt', systemPrompt: this.systemPrompt.value }));
    this.settings = h(
      'div',
      { class: 'settings-panel', hidden: true },
      h('label', { for: 'model-select' }, 'Model'),
      this.model,
      h('label', { for: 'temperature' }, 'Temperature ', this.temperatureValue),
      this.temperature,
      h('label', { for: 'system-prompt' }, 'System prompt'),
      this.systemPrompt,
    );
    this.el = h('header', { class: 'chat-header' }, top, this.renameRow, this.graphs, this.settings);
  }

  private startRename(): void {
    if (!this.state) return;
    this.renameInput.value = this.state.current.title;
    this.renameRow.hidden = false;
    this.renameInput.focus();
    this.renameInput.select();
  }

  render(state: ChatStateView): void {
    this.state = state;
    const c = state.current;
    const convs = state.conversations.some((s) => s.id === c.id) ? state.conversations : [{ id: c.id, title: c.title, updatedAt: 0 }, ...state.conversations];
    this.picker.replaceChildren(...convs.map((s) => h('option', { value: s.id, selected: s.id === c.id }, s.title || 'New conversation')));
    this.picker.value = c.id;
    this.setModels(state.models, c.model);
    this.temperature.value = String(c.temperature);
    this.temperatureValue.textContent = String(c.temperature);
    if (document.activeElement !== this.systemPrompt) this.systemPrompt.value = c.systemPrompt;
    this.attach.hidden = !state.canAttachGraphs;
    this.web.hidden = !state.canAttachGraphs;
    const webOn = state.canAttachGraphs && c.webSearch === true;
    this.web.setAttribute('aria-pressed', String(webOn));
    this.web.classList.toggle('active', webOn);
    this.web.title = webOn ? 'Web search is on: answers use Writer web search and cite their pages (click to turn off)' : 'Search the web: answers use Writer web search and cite their pages';
    const graphs = state.canAttachGraphs ? (c.graphs ?? []) : [];
    this.graphs.hidden = graphs.length === 0;
    this.graphs.replaceChildren(
      ...graphs.map((g) =>
        h('span', { class: 'graph-chip', title: `Knowledge Graph: ${g.name}` }, icon('library'), h('span', {}, g.name), button(`Detach ${g.name}`, { icon: 'close', onClick: () => this.post({ type: 'detachGraph', id: g.id }) })),
      ),
    );
  }

  setModels(models: string[], selected: string): void {
    const all = models.includes(selected) ? models : [selected, ...models];
    this.model.replaceChildren(...all.map((m) => h('option', { value: m, selected: m === selected }, m)));
    this.model.value = selected;
  }
}
