import { expect } from 'chai';
import Handlebars from 'handlebars';
import { registerHelpers } from '../../../server/http/views/helpers.js';
import { createTranslator } from '../../../server/i18n/translator.js';

describe('date helpers', () => {
  let render: (template: string, context: Record<string, unknown>) => string;
  before(async () => {
    const handlebars = Handlebars.create();
    registerHelpers(handlebars, await createTranslator());
    render = (template, context) => handlebars.compile(template)(context);
  });

  const lateMonday = new Date('2026-11-16T23:30:00Z');

  it('writes {{date}} in the reader’s time zone when the page names one', () => {
    expect(render('{{date when}}', { lang: 'en', timeZone: 'UTC', when: lateMonday })).to.match(/Nov 16, 2026.*11:30\sPM/);
    expect(render('{{date when}}', { lang: 'en', timeZone: 'Asia/Tokyo', when: lateMonday })).to.match(/Nov 17, 2026.*8:30\sAM/);
    expect(render('{{date when}}', { lang: 'fr', timeZone: 'Asia/Tokyo', when: lateMonday })).to.match(/17 nov\. 2026.*08:30/);
  });

  it('titles {{time}} with the full date in that zone', () => {
    const html = render('{{time when}}', { lang: 'en', timeZone: 'Asia/Tokyo', when: lateMonday });
    expect(html).to.include('datetime="2026-11-16T23:30:00.000Z"');
    expect(html).to.match(/title="Tuesday, November 17, 2026/);
  });

  it('falls back to the server’s zone for a zone this Node does not know, instead of failing the page', () => {
    expect(render('{{date when}}', { lang: 'en', timeZone: 'Mars/Olympus_Mons', when: lateMonday })).to.match(/2026/);
  });
});
