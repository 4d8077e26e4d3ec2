// @vitest-environment node
/**
 * README.md's "Using with refine" section is the refine example's code: every
 * ts/tsx block there is a file of examples/refine/src, word for word, and
 * compiles under strict settings against the built declarations
 * (`webauth-logout` → dist/index.d.mts, `webauth-logout/refine` →
 * dist/refine.d.mts), beside the example's other modules, which it may
 * import. A refine sample that does not compile fails here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const exampleDir = join(root, 'examples/refine/src');

/** The text between "## Using with refine" and the next second-level heading. */
function refineSection(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Using with refine\n');
  expect(start, 'README.md has a "## Using with refine" section').toBeGreaterThanOrEqual(0);
  const rest = readme.slice(start + 1);
  const next = rest.indexOf('\n## ', 3);
  return next === -1 ? rest : rest.slice(0, next);
}

/** The section's ts/tsx blocks. */
function refineBlocks(section: string): { lang: 'ts' | 'tsx'; code: string }[] {
  return [...section.matchAll(/^```(tsx?)\n([\s\S]*?)^```$/gm)].map((match) => ({ lang: match[1] as 'ts' | 'tsx', code: match[2]! }));
}

function compile(files: Map<string, string>): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    noUncheckedIndexedAccess: true,
    noImplicitOverride: true,
    noFallthroughCasesInSwitch: true,
    verbatimModuleSyntax: true,
    isolatedModules: true,
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    jsx: ts.JsxEmit.ReactJSX,
    lib: ['lib.es2020.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    types: ['vite/client'],
    skipLibCheck: true,
    noEmit: true,
    baseUrl: root,
    paths: { 'webauth-logout': ['dist/index.d.mts'], 'webauth-logout/refine': ['dist/refine.d.mts'] },
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (file) => files.get(file) ?? readFile(file);
  host.fileExists = (file) => files.has(file) || fileExists(file);
  host.getSourceFile = (file, language, onError) =>
    files.has(file) ? ts.createSourceFile(file, files.get(file)!, language, true) : getSourceFile(file, language, onError);
  const program = ts.createProgram([...files.keys()], options, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const where = diagnostic.file ? `${diagnostic.file.fileName.slice(root.length)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}` : '';
    return `${where} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
  });
}

describe("README's refine section", () => {
  const section = refineSection();
  const blocks = refineBlocks(section);
  const installed = (name: string) => (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  const exampleFiles = readdirSync(exampleDir).map((name) => readFileSync(join(exampleDir, name), 'utf8'));

  it('shows the example: every block is one of its files, word for word', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    for (const { code } of blocks) expect(exampleFiles.some((file) => file === code), code.split('\n')[0]).toBe(true);
  });

  it('names LogoutSync, the phase it reacts to, the popup allow-list and the tested versions', () => {
    const code = blocks.map((block) => block.code).join('\n');
    expect(code).toContain('<LogoutSync webAuth={webAuth} />');
    expect(code).toContain('useLogout<RefineLogoutParams>()');
    expect(code).toContain('handleLogoutReturn(webAuth)');
    expect(code).toMatch(/allowedLogoutUrls: \[LOGGED_OUT_URL, POPUP_RETURN_URL\]/);
    expect(section).toContain('when a logout has\n**`completed`**');
    expect(section).toMatch(/Allowed Logout URLs\*\*: the login route \(`https:\/\/app\.example\.com\/login`\) and the\s+popup's return page \(`https:\/\/app\.example\.com\/signed-out`\)/);
    for (const name of ['@refinedev/core', '@refinedev/react-router', 'react-router', 'react', 'vite']) {
      expect(section, name).toMatch(new RegExp(`${name === 'vite' ? 'Vite' : `\`${name}\``}[^.]*?${installed(name).replace(/\./g, '\\.')}`));
    }
  });

  it('compiles under strict settings against dist/*.d.mts, beside the example', () => {
    for (const file of ['index.d.mts', 'refine.d.mts']) expect(existsSync(join(root, 'dist', file)), `dist/${file}: run npm run build`).toBe(true);
    const files = new Map<string, string>();
    // Next to the example's modules, so `./config`, `./session` resolve to them: a block is a file of the app.
    blocks.forEach(({ lang, code }, index) => files.set(join(exampleDir, `readme-block-${index}.${lang}`), code));
    files.set(join(exampleDir, 'vite-env.d.ts'), readFileSync(join(exampleDir, 'vite-env.d.ts'), 'utf8'));
    expect(compile(files)).toEqual([]);
  }, 60_000);

  it('fails on a sample that does not compile', () => {
    const broken = new Map([[join(exampleDir, 'readme-block-broken.tsx'), "import { LogoutSync } from 'webauth-logout/refine';\nexport const x = <LogoutSync />;\n"]]);
    expect(compile(broken).join('\n')).toMatch(/webAuth/);
  });
});
