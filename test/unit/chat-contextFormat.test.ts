// Context attachments as the model receives them: the stable format, the per-turn budget (largest
// first, never silent), secret-pattern paths, binary content, and the exclude globs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  capItem,
  cutNotice,
  fileSearchGlob,
  fitToBudget,
  formatItem,
  gitignoreGlobs,
  globToRegExp,
  isBinary,
  latestContext,
  messageWithContext,
  PathExcluder,
  secretPattern,
  stripTerminalEscapes,
  viewOf,
  type ContextItem,
} from '../../src/extension/chat/contextFormat';

function item(id: string, content: string, extra: Partial<ContextItem> = {}): ContextItem {
  return { id, kind: 'file', label: id, path: id, content, originalChars: content.length, ...extra };
}

describe('chat context format', () => {
  it('one block per item, attributes escaped, then the text', () => {
    const a = item('src/a.ts', 'const a = 1;\n', { kind: 'currentFile', language: 'typescript', lines: '1-1', detail: 'whole file' });
    const b = item('notes "q".md', 'x', { language: '' });
    const text = messageWithContext('What is a?', [a, b]);
    assert.equal(
      text,
      [
        '<context kind="currentFile" path="src/a.ts" language="typescript" lines="1-1" detail="whole file">',
        '```typescript',
        'const a = 1;',
        '```',
        '</context>',
        '',
        '<context kind="file" path="notes &quot;q&quot;.md">',
        '```',
        'x',
        '```',
        '</context>',
        '',
        'What is a?',
      ].join('\n'),
    );
  });

  it('no items (or only refused ones): the text alone', () => {
    assert.equal(messageWithContext('hi', undefined), 'hi');
    assert.equal(messageWithContext('hi', [item('.env', '', { refused: 'secret' })]), 'hi');
  });

  it('the fence outgrows backtick runs in the content', () => {
    const block = formatItem(item('r.md', 'a ```` b\n', { language: 'md' }));
    assert.ok(block.includes('\n`````md\na ```` b\n`````\n'), block);
  });

  it('a cut is recorded in the block and on the chip', () => {
    const big = item('big.txt', 'line\n'.repeat(2000));
    const cut = capItem(big, 1000);
    assert.ok(cut.content.length <= 1000 && cut.content.endsWith('\n'), 'cut at a line break');
    assert.equal(cut.content.length, 1000);
    assert.equal(cut.cut, 'cut to 1,000 of 10,000 characters');
    assert.match(formatItem(cut), /^<context kind="file" path="big.txt" cut="cut to 1,000 of 10,000 characters">/);
    assert.deepEqual(viewOf(cut), { id: 'big.txt', kind: 'file', label: 'big.txt', chars: 1000, cut: 'cut to 1,000 of 10,000 characters' });
    assert.equal(cutNotice(8000, 52340), 'cut to 8,000 of 52,340 characters');
  });
});

describe('chat context in the history', () => {
  it('a source sent again later is sent only with the later message', () => {
    const v1 = item('src/a.ts', 'v1', { kind: 'currentFile' });
    const v2 = item('src/a.ts', 'v2', { kind: 'open' });
    const other = item('src/b.ts', 'b');
    const git1 = item('Git changes', 'diff 1', { kind: 'git', path: undefined });
    const git2 = item('Git changes', 'diff 2', { kind: 'git', path: undefined });
    const refused = item('src/b.ts', '', { refused: 'binary content' });
    assert.deepEqual(latestContext([[v1, git1, other], undefined, [v2, refused], [git2]]), [[other], undefined, [v2], [git2]]);
    assert.deepEqual(latestContext([]), []);
  });
});

describe('chat context budget', () => {
  it('items that fit are untouched', () => {
    const items = [item('a', 'x'.repeat(10)), item('b', 'y'.repeat(20))];
    assert.deepEqual(fitToBudget(items, 30), items);
  });

  it('the largest items are cut first, down to one size; small ones stay whole', () => {
    const small = item('small', 'x'.repeat(100));
    const mid = item('mid', 'y'.repeat(5000));
    const large = item('large', 'z'.repeat(50_000));
    const out = fitToBudget([small, mid, large], 3100);
    assert.equal(out[0], small);
    assert.equal(out[1]!.content.length, 1500);
    assert.equal(out[1]!.cut, 'cut to 1,500 of 5,000 characters');
    assert.equal(out[2]!.content.length, 1500);
    assert.equal(out[2]!.cut, 'cut to 1,500 of 50,000 characters');
    assert.ok(out.reduce((n, i) => n + i.content.length, 0) <= 3100);
  });

  it('an item already cut by the file cap reports against its original length', () => {
    const capped = capItem(item('f', 'a'.repeat(30_000)), 20_000);
    const [out] = fitToBudget([capped], 8000);
    assert.equal(out!.cut, 'cut to 8,000 of 30,000 characters');
  });

  it('refused items take no room; a zero budget refuses everything, saying why', () => {
    const refused = item('.env', '', { refused: 'matches the secret pattern .env' });
    const out = fitToBudget([refused, item('a', 'abc')], 0);
    assert.equal(out[0], refused);
    assert.equal(out[1]!.refused, 'over the context budget of 0 characters');
    assert.equal(viewOf(out[1]!).chars, 0);
  });
});

describe('chat context secrets, binaries and excludes', () => {
  it('secret-pattern file names, at any depth and with either separator', () => {
    const cases: [string, string | undefined][] = [
      ['.env', '.env'],
      ['app/.env.local', '.env.*'],
      ['certs/server.pem', '*.pem'],
      ['tls/private.key', '*.key'],
      ['home\\id_rsa', 'id_rsa*'],
      ['id_rsa.pub', 'id_rsa*'],
      ['keys/id_ed25519', 'id_ed25519*'],
      ['cert.p12', '*.p12'],
      ['cert.PFX', '*.pfx'],
      ['.npmrc', '.npmrc'],
      ['aws/credentials', 'credentials*'],
      ['credentials.json', 'credentials*'],
      ['.ssh/config', '.ssh/*'],
      ['src/env.ts', undefined],
      ['src/keyboard.ts', undefined],
      ['README.md', undefined],
      ['environment.md', undefined],
    ];
    for (const [p, want] of cases) assert.equal(secretPattern(p), want, p);
  });

  it('binary: a NUL byte in the first 8 KB', () => {
    assert.equal(isBinary(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01])), true);
    assert.equal(isBinary(new TextEncoder().encode('plain text ✓\n')), false);
    assert.equal(isBinary('a\0b'), true);
    assert.equal(isBinary('x'.repeat(9000) + '\0'), false);
  });

  it('terminal output loses colour escapes and carriage-return redraws', () => {
    assert.equal(stripTerminalEscapes('\x1b[31merror\x1b[0m: x\r\n\x1b]633;A\x07$ ok\nprogress 10%\rprogress 100%\n'), 'error: x\n$ ok\nprogress 100%\n');
  });

  it('globs as VS Code writes them', () => {
    assert.ok(globToRegExp('**/*.log').test('a/b/c.log'));
    assert.ok(globToRegExp('**/*.log').test('c.log'));
    assert.ok(!globToRegExp('*.log').test('a/c.log'));
    assert.ok(globToRegExp('src/**/*.{ts,tsx}').test('src/x/y.tsx'));
    assert.ok(globToRegExp('file?.[ab]').test('file1.b'));
    assert.ok(!globToRegExp('file?.[ab]').test('file1.c'));
  });

  it('an exclude matches the path or a folder above it', () => {
    const ex = new PathExcluder(['**/node_modules', 'dist/', '**/*.min.js']);
    assert.equal(ex.match('node_modules/x/index.js'), '**/node_modules');
    assert.equal(ex.match('pkg/node_modules/y.js'), '**/node_modules');
    assert.equal(ex.match('dist/a.js'), 'dist/');
    assert.equal(ex.match('web/app.min.js'), '**/*.min.js');
    assert.equal(ex.match('src/dist.ts'), undefined);
  });

  it('.gitignore lines become workspace globs (comments and negations skipped)', () => {
    assert.deepEqual(gitignoreGlobs('# build\nout/\n/dist\n*.log\n!keep.log\n\ndocs/generated\n'), ['**/out', 'dist', '**/*.log', 'docs/generated']);
    const ex = new PathExcluder(gitignoreGlobs('out/\n*.log\n'));
    assert.equal(ex.match('out/main.js'), '**/out');
    assert.equal(ex.match('logs/a.log'), '**/*.log');
  });
});

describe('the @file search glob', () => {
  const matches = (typed: string, rel: string) => globToRegExp(fileSearchGlob(typed)).test(rel);

  it('finds file names containing the typed text, in any case and at any depth', () => {
    assert.equal(fileSearchGlob('Ctx'), '**/*[cC][tT][xX]*');
    assert.ok(matches('context', 'src/extension/chat/chatContext.ts'));
    assert.equal(matches('ctx', 'src/extension/chat/chatContext.ts'), false, 'letters in order are left to the picker\'s fuzzy match');
    assert.ok(matches('CHATCON', 'src/extension/chat/chatContext.ts'));
    assert.ok(matches('readme', 'README.md'));
    assert.equal(matches('ctx', 'src/ctxdir/index.ts'), false, 'a folder name alone does not match');
  });

  it('a typed slash matches across folders; glob characters match any one character', () => {
    assert.ok(matches('pkg431/module77', 'many/pkg431/module77.ts'));
    assert.ok(matches('pkg431/module77', 'many/pkg4312/sub/module770.ts'));
    assert.equal(matches('pkg431/module77', 'many/pkg430/module77.ts'), false);
    assert.ok(matches('a*b', 'x/a-b.ts'));
    assert.equal(fileSearchGlob('  '), '**/*');
    assert.ok(matches('src\\a', 'src/ab.ts'), 'a backslash is a folder separator');
  });
});
