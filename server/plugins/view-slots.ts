/**
 * Named view slots (post footer, sidebar, profile) that plugins fill with
 * partials. Templates are compiled once with their own Handlebars instance
 * and may not use triple braces, so every value a plugin shows is escaped.
 * Pages render a slot with `{{pluginSlot "sidebar"}}` (see
 * views/partials/plugins/slot.hbs).
 */
import Handlebars from 'handlebars';
import type { SlotPartial, ViewSlotName } from './api.js';

export const VIEW_SLOTS: readonly ViewSlotName[] = ['post.footer', 'sidebar', 'profile'];

interface Entry {
  pluginId: string;
  render: Handlebars.TemplateDelegate;
  data: SlotPartial['data'];
}

export class ViewSlots {
  private readonly handlebars = Handlebars.create();
  private readonly slots = new Map<ViewSlotName, Entry[]>();

  constructor(private readonly onError: (pluginId: string, slot: ViewSlotName, error: unknown) => void) {}

  add(pluginId: string, name: ViewSlotName, partial: SlotPartial): void {
    if (!VIEW_SLOTS.includes(name)) throw new Error(`unknown view slot "${name}"; slots: ${VIEW_SLOTS.join(', ')}`);
    if (/\{\{\{|\{\{\s*&/.test(partial.template)) throw new Error(`slot ${name}: triple braces are not allowed in plugin partials`);
    const render = this.handlebars.compile(partial.template, { strict: false, knownHelpersOnly: true });
    const list = this.slots.get(name) ?? [];
    list.push({ pluginId, render, data: partial.data });
    list.sort((a, b) => a.pluginId.localeCompare(b.pluginId));
    this.slots.set(name, list);
  }

  slotsOf(pluginId: string): ViewSlotName[] {
    return [...this.slots].filter(([, list]) => list.some((entry) => entry.pluginId === pluginId)).map(([name]) => name);
  }

  /** HTML for a slot; a failing partial shows nothing and is logged. */
  render(name: string, context: { viewerId: string | null; [key: string]: unknown }): string {
    const list = this.slots.get(name as ViewSlotName) ?? [];
    return list
      .map((entry) => {
        try {
          const data = entry.data(context);
          if (data === null) return '';
          return `<div class="plugin-slot" data-plugin="${Handlebars.escapeExpression(entry.pluginId)}">${entry.render(data)}</div>`;
        } catch (error) {
          this.onError(entry.pluginId, name as ViewSlotName, error);
          return '';
        }
      })
      .join('');
  }
}
