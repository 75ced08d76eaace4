import { expect } from 'chai';
import supertest from 'supertest';
import { post, startPostsWorld, type PostsWorld } from '../posts/posts-world.js';
import { FAST_HOOKS } from './plugin-world.js';

/** The slot-filler fixture fills post.footer, profile and sidebar with the context keys it got and a `<script>` value. */
describe('plugin view slots on pages', () => {
  let world: PostsWorld;
  const page = async (path: string) => {
    const response = await world.bob.get(path).set('Accept', 'text/html');
    expect(response.status, path).to.equal(200);
    return response.text;
  };

  before(async () => {
    world = await startPostsWorld({ ...FAST_HOOKS, WARBLE_PLUGINS_ENABLED: 'slot-filler' });
  });
  after(() => world.close());

  it('post.footer shows under each post card with postId, authorId and viewerId, escaped', async () => {
    const status = await post(world.carol, { status: 'a post with a footer' });
    const thread = await page(`/@carol/${status.id}`);
    const card = thread.slice(thread.indexOf(`data-post-id="${status.id}"`));
    const article = card.slice(0, card.indexOf('</article>'));
    expect(article).to.include(
      `<div class="plugin-slot" data-plugin="slot-filler"><p class="slot-post">post ${status.id} by ${world.ids.carol} for ${world.ids.bob} &lt;script&gt;alert(&quot;footer&quot;)&lt;/script&gt;</p></div>`,
    );
    // Timelines use the same card.
    expect(await page('/company')).to.include(`post ${status.id} by ${world.ids.carol}`);
    expect(thread).to.not.include('<script>alert(');
  });

  it('profile shows on the profile card with userId, username and viewerId, escaped', async () => {
    const html = await page('/@carol');
    const card = html.slice(html.indexOf('id="profile-name"'));
    expect(card.slice(0, card.indexOf('</article>'))).to.include(
      `<p class="slot-profile">profile ${world.ids.carol} @carol for ${world.ids.bob} &lt;script&gt;alert(&quot;profile&quot;)&lt;/script&gt;</p>`,
    );
    expect(html).to.not.include('<script>alert(');
  });

  it('sidebar shows in the layout of any page, escaped, wrapped in an aside', async () => {
    for (const path of ['/', '/@carol', '/notifications']) {
      const html = await page(path);
      expect(html, path).to.match(
        new RegExp(
          `<aside class="plugin-sidebar card" data-testid="plugin-sidebar"><div class="plugin-slot" data-plugin="slot-filler"><p class="slot-sidebar">sidebar for ${world.ids.bob} &lt;script&gt;alert\\(&quot;sidebar&quot;\\)&lt;/script&gt;</p></div></aside>\\s*</main>`,
        ),
      );
      expect(html, path).to.not.include('<script>alert(');
    }
  });

  it('when the slot shows nothing the layout has no sidebar wrapper', async () => {
    // slot-filler's sidebar data returns null without a viewer: the sign-in page is the plain layout.
    const response = await supertest(world.testApp.callback).get('/login').set('Accept', 'text/html').expect(200);
    expect(response.text).to.include('</main>');
    expect(response.text).to.not.include('plugin-sidebar');
    expect(response.text).to.not.include('plugin-slot');
  });
});
