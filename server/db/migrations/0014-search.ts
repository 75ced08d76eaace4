/**
 * Full-text search: FTS5 on SQLite, PostgreSQL full-text on PostgreSQL, and saved searches.
 *
 * Posts: the index is kept by the database itself (SQLite triggers, a
 * PostgreSQL generated column), so every write path — the services, the
 * moderation tools, retention purges, plugins posting as bots — updates it in
 * the same transaction as the row, with no application code to forget.
 * Only live originals are indexed: reposts carry no text of their own, and a
 * soft-deleted post (`deleted_at` set) leaves the index in the same UPDATE.
 * Moderator-hidden posts stay indexed (hiding can be undone) and are filtered
 * by the query. See docs/search.md.
 */
import { DataTypes } from 'sequelize';
import type { Migration, MigrationContext } from './migration.js';

/** A post belongs in the index: not deleted, not a repost. `row` is `new`, `old` or a table alias. */
const indexable = (row: string) => `${row}.deleted_at IS NULL AND ${row}.repost_of_id IS NULL`;

const SQLITE_UP = [
  // External content: the text lives once, in posts; FTS5 keeps only the
  // inverted index, keyed by the posts table's rowid. Porter over unicode61
  // so "deploying" finds "deployed"; remove_diacritics 2 so "cafe" finds "café".
  `CREATE VIRTUAL TABLE posts_fts USING fts5(text, content='posts', tokenize='porter unicode61 remove_diacritics 2')`,
  `CREATE TRIGGER posts_fts_insert AFTER INSERT ON posts WHEN ${indexable('new')} BEGIN
     INSERT INTO posts_fts(rowid, text) VALUES (new.rowid, new.text);
   END`,
  // One trigger for both halves so the old entry always goes before the new one
  // is added (two triggers would fire in an unspecified order). Only the columns
  // that change what is indexed: counter updates never touch the index.
  `CREATE TRIGGER posts_fts_update AFTER UPDATE OF text, deleted_at, repost_of_id ON posts BEGIN
     INSERT INTO posts_fts(posts_fts, rowid, text) SELECT 'delete', old.rowid, old.text WHERE ${indexable('old')};
     INSERT INTO posts_fts(rowid, text) SELECT new.rowid, new.text WHERE ${indexable('new')};
   END`,
  `CREATE TRIGGER posts_fts_delete AFTER DELETE ON posts WHEN ${indexable('old')} BEGIN
     INSERT INTO posts_fts(posts_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
   END`,
  `INSERT INTO posts_fts(rowid, text) SELECT rowid, text FROM posts WHERE ${indexable('posts')}`,
  // People: an FTS5 table too (not LIKE) so every word of a name, title or
  // department is a prefix match ("eng" finds "Platform Engineering") and
  // accents do not matter. No stemming: names are not English words. The mail
  // address splits on . and @, so "smith" finds ann.smith@example.com.
  `CREATE VIRTUAL TABLE users_fts USING fts5(display_name, username, title, department, email, content='users', tokenize='unicode61 remove_diacritics 2')`,
  `CREATE TRIGGER users_fts_insert AFTER INSERT ON users BEGIN
     INSERT INTO users_fts(rowid, display_name, username, title, department, email)
     VALUES (new.rowid, new.display_name, new.username, new.title, new.department, new.email);
   END`,
  `CREATE TRIGGER users_fts_update AFTER UPDATE OF display_name, username, title, department, email ON users BEGIN
     INSERT INTO users_fts(users_fts, rowid, display_name, username, title, department, email)
     VALUES ('delete', old.rowid, old.display_name, old.username, old.title, old.department, old.email);
     INSERT INTO users_fts(rowid, display_name, username, title, department, email)
     VALUES (new.rowid, new.display_name, new.username, new.title, new.department, new.email);
   END`,
  `CREATE TRIGGER users_fts_delete AFTER DELETE ON users BEGIN
     INSERT INTO users_fts(users_fts, rowid, display_name, username, title, department, email)
     VALUES ('delete', old.rowid, old.display_name, old.username, old.title, old.department, old.email);
   END`,
  `INSERT INTO users_fts(users_fts) VALUES ('rebuild')`,
];

const SQLITE_DOWN = [
  'DROP TRIGGER IF EXISTS posts_fts_insert',
  'DROP TRIGGER IF EXISTS posts_fts_update',
  'DROP TRIGGER IF EXISTS posts_fts_delete',
  'DROP TABLE IF EXISTS posts_fts',
  'DROP TRIGGER IF EXISTS users_fts_insert',
  'DROP TRIGGER IF EXISTS users_fts_update',
  'DROP TRIGGER IF EXISTS users_fts_delete',
  'DROP TABLE IF EXISTS users_fts',
];

const POSTGRES_UP = [
  // A stored generated column: PostgreSQL computes it in the same statement as
  // every insert and update (edits included), and adding it backfills every
  // existing row. The 'english' configuration stems ("deploying" -> "deploy")
  // and drops stop words; 'simple' would not stem, and stemming is what people
  // expect from a search box. Posts in other languages still match on their
  // exact words, as English stemming leaves most foreign words whole.
  `ALTER TABLE posts ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('english', coalesce(text, ''))) STORED`,
  // Partial: the same predicate the search query states, so deleted posts and reposts cost no index space.
  `CREATE INDEX posts_search_vector ON posts USING GIN (search_vector) WHERE ${indexable('posts')}`,
  // People: 'simple' (no stemming: names are not English words), matched by
  // prefix (to_tsquery 'word:*'). The mail address is split on its punctuation
  // so each part is a word, as on SQLite.
  `ALTER TABLE users ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple',
     coalesce(display_name, '') || ' ' || coalesce(username, '') || ' ' || coalesce(title, '') || ' ' ||
     coalesce(department, '') || ' ' || translate(coalesce(email, ''), '.@_-+', '     '))) STORED`,
  'CREATE INDEX users_search_vector ON users USING GIN (search_vector)',
];

const POSTGRES_DOWN = [
  'DROP INDEX IF EXISTS users_search_vector',
  'ALTER TABLE users DROP COLUMN IF EXISTS search_vector',
  'DROP INDEX IF EXISTS posts_search_vector',
  'ALTER TABLE posts DROP COLUMN IF EXISTS search_vector',
];

async function run({ queryInterface, transaction }: MigrationContext, statements: readonly string[]): Promise<void> {
  for (const sql of statements) await queryInterface.sequelize.query(sql, { transaction });
}

export const migration: Migration = {
  name: '0014-search',
  async up(context) {
    const { queryInterface, transaction, dialect } = context;
    await run(context, dialect === 'sqlite' ? SQLITE_UP : POSTGRES_UP);
    await queryInterface.createTable('saved_searches', {
      id: { type: DataTypes.STRING(26), allowNull: false, primaryKey: true },
      user_id: { type: DataTypes.STRING(26), allowNull: false, references: { model: 'users', key: 'id' }, onDelete: 'CASCADE' },
      // Normalised (trimmed, inner spaces collapsed) so "a  b" and "a b" are one saved search.
      query: { type: DataTypes.STRING(200), allowNull: false },
      // Watched: every new matching post the owner may see raises a `saved_search` notification.
      watch: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      // Newest post id when the owner last opened the results: "N new since" counts above it.
      last_seen_post_id: { type: DataTypes.STRING(26), allowNull: true },
      created_at: { type: DataTypes.DATE, allowNull: false },
      updated_at: { type: DataTypes.DATE, allowNull: false },
    }, { transaction });
    await queryInterface.addIndex('saved_searches', ['user_id', 'query'], { unique: true, name: 'saved_searches_user_query_unique', transaction });
    await queryInterface.addIndex('saved_searches', ['watch'], { name: 'saved_searches_watch', transaction });
  },
  async down(context) {
    const { queryInterface, transaction, dialect } = context;
    await queryInterface.dropTable('saved_searches', { transaction });
    await run(context, dialect === 'sqlite' ? SQLITE_DOWN : POSTGRES_DOWN);
  },
};
