import { expect } from 'chai';
import {
  escapeHtml,
  renderPostHtml,
  shortenUrlForDisplay,
  type RenderPostOptions,
} from '../../../../server/domain/text/index.js';

const options: RenderPostOptions = {
  mentionHref: (username) => `/@${username}`,
  hashtagHref: (tag) => `/tags/${encodeURIComponent(tag)}`,
};

const LINK_ATTRS = 'rel="nofollow noopener noreferrer" target="_blank"';

/**
 * Structural proof that only our markup is in `html`: remove every tag the
 * renderer is allowed to emit (exact shapes, hrefs limited to same-origin
 * paths or http(s) without quotes/angle brackets), then nothing that could
 * open a tag or an attribute may remain.
 */
function expectOnlyRendererMarkup(html: string): void {
  const href = String.raw`(?:/(?![/\\])|https?://)[^"<>\s]*`;
  const allowed = new RegExp(
    String.raw`<p>|</p>|<br>|</a>|<a href="${href}" (?:class="mention"|class="hashtag" rel="tag"|${LINK_ATTRS})>`,
    'gu',
  );
  const rest = html.replace(allowed, '');
  expect(rest, `unexpected markup in ${html}`).not.to.match(/[<>"'`]/u);
  // And no entity-decoding trick can produce a scheme in an href.
  for (const m of html.matchAll(/href="([^"]*)"/gu)) {
    const decoded = (m[1] ?? '').replace(/&amp;/gu, '&');
    expect(decoded).to.match(/^(?:\/(?![/\\])|https?:\/\/)/u);
  }
}

describe('domain/text renderPostHtml', () => {
  describe('markup', () => {
    it('wraps text in a paragraph', () => {
      expect(renderPostHtml('hello', options)).to.equal('<p>hello</p>');
    });

    it('renders single newlines as <br> and blank lines as paragraph breaks', () => {
      expect(renderPostHtml('a\nb\n\nc', options)).to.equal('<p>a<br>b</p><p>c</p>');
    });

    it('normalises CRLF and drops leading/trailing blank lines', () => {
      expect(renderPostHtml('\r\n\r\na\r\nb\r\n\r\n', options)).to.equal('<p>a<br>b</p>');
    });

    it('renders empty text as an empty string', () => {
      expect(renderPostHtml('  \n ', options)).to.equal('');
    });

    it('renders a resolvable mention as a mention link showing what was typed', () => {
      expect(renderPostHtml('hi @Alice', options)).to.equal('<p>hi <a href="/@alice" class="mention">@Alice</a></p>');
    });

    it('renders a mention as plain text when mentionHref returns null', () => {
      expect(renderPostHtml('hi @ghost', { ...options, mentionHref: () => null })).to.equal('<p>hi @ghost</p>');
    });

    it('renders a mention as plain text when resolveMention says the user does not exist', () => {
      const html = renderPostHtml('@alice @ghost', { ...options, resolveMention: (u) => u === 'alice' });
      expect(html).to.equal('<p><a href="/@alice" class="mention">@alice</a> @ghost</p>');
    });

    it('renders a hashtag as a tag link to its normalised tag', () => {
      expect(renderPostHtml('#Launch', options)).to.equal('<p><a href="/tags/launch" class="hashtag" rel="tag">#Launch</a></p>');
    });

    it('renders a link with nofollow/noopener/noreferrer, new tab, and without the scheme for display', () => {
      expect(renderPostHtml('see https://example.com/a.', options)).to.equal(
        `<p>see <a href="https://example.com/a" ${LINK_ATTRS}>example.com/a</a>.</p>`,
      );
    });

    it('shortens a long URL for display but keeps the full href', () => {
      const url = `https://www.example.com/${'x'.repeat(80)}`;
      const html = renderPostHtml(url, options);
      expect(html).to.include(`href="${url}"`);
      expect(html).to.include(`>example.com/${'x'.repeat(18)}…</a>`);
    });

    it('does not split an emoji when shortening', () => {
      expect(shortenUrlForDisplay(`https://e.com/${'😀'.repeat(40)}`, 8)).to.equal('e.com/😀😀…');
    });

    it('does not render a number sign or email as a link', () => {
      expect(renderPostHtml('#1 bob@example.com', options)).to.equal('<p>#1 bob@example.com</p>');
    });
  });

  describe('escaping and XSS', () => {
    it('escapes & < > " \' ` in text', () => {
      expect(escapeHtml(`&<>"'\``)).to.equal('&amp;&lt;&gt;&quot;&#39;&#96;');
      expect(renderPostHtml(`a & b <i>"x"</i> 'y' \`z\``, options)).to.equal(
        '<p>a &amp; b &lt;i&gt;&quot;x&quot;&lt;/i&gt; &#39;y&#39; &#96;z&#96;</p>',
      );
    });

    it('escapes a <script> tag', () => {
      const html = renderPostHtml('<script>alert(1)</script>', options);
      expect(html).to.equal('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
      expectOnlyRendererMarkup(html);
    });

    it('escapes an attribute break-out attempt with an onerror image', () => {
      const html = renderPostHtml('"><img src=x onerror=alert(1)>', options);
      expect(html).not.to.include('<img');
      expectOnlyRendererMarkup(html);
    });

    it('never links javascript: or data: URLs', () => {
      const html = renderPostHtml('javascript:alert(1) JaVaScRiPt:alert(1) data:text/html;base64,PHNjcmlwdD4=', options);
      expect(html).not.to.include('<a');
      expectOnlyRendererMarkup(html);
    });

    it('keeps a URL containing quotes and angle brackets inside the href', () => {
      const html = renderPostHtml('https://example.com/"onmouseover="alert(1)"<b>', options);
      // The quotes are percent-encoded in the href and entity-escaped in the label:
      // `onmouseover` can never become an attribute of the generated <a>.
      expect(html).to.include('href="https://example.com/%22onmouseover=%22alert(1)"');
      expect(html).to.include('>example.com/&quot;onmouseover=&quot;aler…</a>&quot;&lt;b&gt;');
      expect(html).not.to.match(/\sonmouseover=/u);
      expectOnlyRendererMarkup(html);
    });

    it('keeps a single quote in a URL escaped in the href', () => {
      const html = renderPostHtml("https://example.com/?q='x'", options);
      expect(html).to.include('href="https://example.com/?q=%27x%27"');
      expect(html).to.include('>example.com/?q=&#39;x&#39;</a>');
      expectOnlyRendererMarkup(html);
    });

    it('renders an <a href> typed in the text as text, linking only the URL inside it', () => {
      const html = renderPostHtml('<a href="javascript:alert(1)">x</a> <a href="https://evil.example">y</a>', options);
      expect(html).to.include('&lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt;');
      expect(html).to.include(`<a href="https://evil.example/" ${LINK_ATTRS}>evil.example</a>&quot;&gt;y&lt;/a&gt;`);
      expectOnlyRendererMarkup(html);
    });

    it('refuses an unsafe href returned by the application callbacks', () => {
      const evil: RenderPostOptions = {
        mentionHref: () => 'javascript:alert(1)',
        hashtagHref: () => '//evil.example/tags',
      };
      expect(renderPostHtml('@alice #tag', evil)).to.equal('<p>@alice #tag</p>');
    });

    it('escapes attribute values returned by the application callbacks', () => {
      const html = renderPostHtml('#tag', { ...options, hashtagHref: () => '/tags/"a&b' });
      expect(html).to.include('href="/tags/&quot;a&amp;b"');
    });

    it('leaves no user markup for a battery of payloads', () => {
      const payloads = [
        '<svg onload=alert(1)>',
        '<img src=x onerror=alert(1)//',
        '"><script>alert(1)</script>',
        "'-alert(1)-'",
        '`${alert(1)}`',
        '<iframe src="javascript:alert(1)">',
        'https://x.example/<script>alert(1)</script>',
        'https://x.example/"><img src=x onerror=alert(1)>',
        '@alice"><b>x</b> #tag"><b>y</b>',
        '&lt;script&gt; &#x3C;script&#x3E;',
        'http://[::1]/"onfocus="x',
        '<a href="https://ok.example" onclick="alert(1)">click</a>',
      ];
      for (const p of payloads) expectOnlyRendererMarkup(renderPostHtml(p, options));
    });

    it('double-escapes entities typed literally so they show as typed', () => {
      expect(renderPostHtml('&lt;b&gt;', options)).to.equal('<p>&amp;lt;b&amp;gt;</p>');
    });
  });
});
