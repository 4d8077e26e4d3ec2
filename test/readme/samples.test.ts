// @vitest-environment node
/**
 * README.md's code samples are what users copy first, so they must work with
 * the package as built. Every ```ts and ```tsx block compiles under strict
 * TypeScript, as a module of a browser app, against the built declarations
 * (dist/*.d.mts, not src/), each with ambient declarations for the app's own
 * names it uses (`domain`, `showBanner`, …). Every ```js / ```javascript block
 * and every inline script of an ```html block parses, and imports only names
 * the built package exports; a page that loads the core script tag uses only
 * members of its global `auth0`.
 *
 * The TypeScript blocks of "Using with refine" are the refine example's own
 * files, compiled beside them by test/refine/readme-refine.test.ts.
 *
 * A block that is an excerpt and cannot compile alone says so in README.md
 * with `<!-- sample: not-compiled (why) -->` on the line before its fence; it
 * is still parsed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { distHref, distPath, loadUmdInVm, PACKAGE_ROOT } from '../helpers/bundles';

interface Sample {
  lang: string;
  /** 1-based line of the opening fence in README.md. */
  line: number;
  code: string;
  /** Why it is not compiled, when README.md marks it so. */
  notCompiled?: string;
}

const README = readFileSync(path.join(PACKAGE_ROOT, 'README.md'), 'utf8');
const MARK = /^<!--\s*sample:\s*not-compiled\s*\((.+)\)\s*-->\s*$/;

/** The refine section is the refine example's own files: test/refine/readme-refine.test.ts compiles it beside them. */
const REFINE_SECTION = '## Using with refine';

function extractSamples(markdown: string): Sample[] {
  const lines = markdown.split('\n');
  const samples: Sample[] = [];
  let inRefineSection = false;
  for (let index = 0; index < lines.length; index++) {
    if (lines[index]!.startsWith('## ')) inRefineSection = lines[index] === REFINE_SECTION;
    const open = /^```(\S*)\s*$/.exec(lines[index]!);
    if (!open) continue;
    const end = lines.findIndex((text, at) => at > index && /^```\s*$/.test(text));
    if (end < 0) throw new Error(`README.md:${index + 1}: a code fence is never closed`);
    const mark = index > 0 ? MARK.exec(lines[index - 1]!) : null;
    if (inRefineSection && (open[1] === 'ts' || open[1] === 'tsx')) {
      index = end;
      continue;
    }
    samples.push({ lang: open[1]!, line: index + 1, code: lines.slice(index + 1, end).join('\n'), ...(mark ? { notCompiled: mark[1]!.trim() } : {}) });
    index = end;
  }
  return samples;
}

const samples = extractSamples(README);
const tsSamples = samples.filter((sample) => sample.lang === 'ts' || sample.lang === 'tsx');
const jsSamples = samples.filter((sample) => sample.lang === 'js' || sample.lang === 'javascript');
const htmlSamples = samples.filter((sample) => sample.lang === 'html');

/**
 * What a real app has around a sample: its own configuration, state and UI
 * functions, and its imports. Keyed by identifier; only the names a sample
 * uses without declaring them are given to it. A name the built package
 * exports needs no entry: the sample gets `import { name } from 'webauth-logout'`
 * (or from its refine subpath), as the app's module would have it.
 */
const APP_DECLARATIONS: Record<string, string> = {
  domain: 'declare const domain: string;',
  clientID: 'declare const clientID: string;',
  returnTo: 'declare const returnTo: string;',
  idToken: 'declare const idToken: string;',
  refreshToken: 'declare const refreshToken: string;',
  session: 'declare const session: { refreshToken: string };',
  webAuth: "declare const webAuth: import('webauth-logout').WebAuth;",
  button: 'declare const button: HTMLButtonElement;',
  router: 'declare const router: { navigate(path: string): void };',
  // Capacitor's in-app browser, as an app that opens the logout URL itself would use it.
  Browser: 'declare const Browser: { open(options: { url: string }): Promise<void> };',
  AuthProvider: "import type { AuthProvider } from '@refinedev/core';",
  showBanner: 'declare function showBanner(text: string): void;',
  showSignedOutBanner: 'declare function showSignedOutBanner(): void;',
  showSignedOutInAnotherTab: 'declare function showSignedOutInAnotherTab(): void;',
  showStillThereDialog: 'declare function showStillThereDialog(remainingMs: number): void;',
  hideStillThereDialog: 'declare function hideStillThereDialog(): void;',
};
/** The app's own modules that samples import. */
const APP_MODULES: Record<string, string> = {
  'session.ts': [
    "export declare function signIn(): Promise<void>;",
    'export declare function readSession(): { user: { name: string } } | undefined;',
    'export declare function clearSession(): void;',
  ].join('\n'),
  'authProvider.ts': "export declare const webAuth: import('webauth-logout').WebAuth;",
  'webAuth.ts': "export declare const webAuth: import('webauth-logout').WebAuth;",
};

/** A browser app's strict settings; the package resolves to its built declarations. */
const COMPILER_OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  moduleDetection: ts.ModuleDetectionKind.Force,
  jsx: ts.JsxEmit.ReactJSX,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
  types: [],
  skipLibCheck: true,
  paths: {
    'webauth-logout': [distPath('index.d.mts')],
    'webauth-logout/refine': [distPath('refine.d.mts')],
    'webauth-logout/back-channel': [distPath('back-channel.d.mts')],
  },
};
/** Where the samples "live": inside the package, so `react` and `@refinedev/core` resolve from its node_modules. */
const SAMPLE_DIR = path.join(PACKAGE_ROOT, '.readme-samples');
const sampleFile = (sample: Sample) => path.join(SAMPLE_DIR, `readme-line-${sample.line}.${sample.lang}`);

/** Compiles every sample in one program; returns each file's diagnostics. */
function compile(sources: Map<string, string>, oldProgram?: ts.Program): { program: ts.Program; diagnostics: Map<string, ts.Diagnostic[]> } {
  const host = ts.createCompilerHost(COMPILER_OPTIONS, true);
  const virtual = new Map<string, string>([...sources, ...Object.entries(APP_MODULES).map(([name, text]) => [path.join(SAMPLE_DIR, name), text] as const)]);
  const { fileExists, readFile, getSourceFile } = host;
  host.directoryExists = (directory) => path.resolve(directory) === SAMPLE_DIR || ts.sys.directoryExists(directory);
  host.fileExists = (file) => virtual.has(path.resolve(file)) || fileExists.call(host, file);
  host.readFile = (file) => virtual.get(path.resolve(file)) ?? readFile.call(host, file);
  host.getSourceFile = (file, language, onError, shouldCreate) => {
    const text = virtual.get(path.resolve(file));
    return text === undefined ? getSourceFile.call(host, file, language, onError, shouldCreate) : ts.createSourceFile(file, text, language, true);
  };
  const program = ts.createProgram({ rootNames: [...sources.keys()], options: COMPILER_OPTIONS, host, ...(oldProgram ? { oldProgram } : {}) });
  const diagnostics = new Map<string, ts.Diagnostic[]>();
  for (const file of sources.keys()) {
    const sourceFile = program.getSourceFile(file)!;
    diagnostics.set(file, [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)]);
  }
  return { program, diagnostics };
}

/** "README.md:LINE: message", LINE in README.md (the preamble is the file's first line, the sample starts on its second). */
function describeDiagnostic(sample: Sample, diagnostic: ts.Diagnostic): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  if (!diagnostic.file || diagnostic.start === undefined) return `README.md:${sample.line}: TS${diagnostic.code} ${message}`;
  const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return `README.md:${sample.line + line}: TS${diagnostic.code} ${message}`;
}

/** Syntax errors of a JavaScript or TypeScript text, as the parser reports them. */
function syntaxErrors(code: string, fileName: string): string[] {
  const { diagnostics = [] } = ts.transpileModule(code, {
    fileName,
    reportDiagnostics: true,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, jsx: ts.JsxEmit.ReactJSX },
  });
  return diagnostics.map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
}

/** Names imported from the package (and its subpaths) in a JavaScript text. */
function packageImports(code: string): Array<{ from: string; name: string }> {
  const source = ts.createSourceFile('sample.js', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const found: Array<{ from: string; name: string }> = [];
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const from = statement.moduleSpecifier.text;
    const bindings = statement.importClause?.namedBindings;
    if (!from.startsWith('webauth-logout') || !bindings || !ts.isNamedImports(bindings)) continue;
    for (const element of bindings.elements) found.push({ from, name: (element.propertyName ?? element.name).text });
  }
  return found;
}

/** Inline scripts of an HTML text (`<script>` without `src`), with whether each is a module, and the `src` of the others. */
function scriptsOf(html: string): { inline: Array<{ code: string; module: boolean }>; sources: string[] } {
  const inline: Array<{ code: string; module: boolean }> = [];
  const sources: string[] = [];
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    const attributes = match[1]!;
    const src = /\bsrc\s*=\s*["']([^"']+)["']/.exec(attributes);
    if (src) sources.push(src[1]!);
    else inline.push({ code: match[2]!, module: /\btype\s*=\s*["']module["']/.test(attributes) });
  }
  return { inline, sources };
}

/** The members of the global `auth0` a script reads (`auth0.WebAuth`), strings and comments aside. */
function membersOfAuth0Used(code: string): string[] {
  const names: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'auth0') names.push(node.name.text);
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile('inline.js', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS));
  return names;
}

describe('README.md samples', () => {
  let exported: Record<string, string[]> = {};
  beforeAll(async () => {
    exported = {
      'webauth-logout': Object.keys(await import(/* @vite-ignore */ distHref('index.mjs'))),
      'webauth-logout/refine': Object.keys(await import(/* @vite-ignore */ distHref('refine.mjs'))),
      'webauth-logout/back-channel': Object.keys(await import(/* @vite-ignore */ distHref('back-channel.mjs'))),
    };
  });

  /** The import an app writes for a name the built package exports, if it does. */
  const importFor = (name: string): string | undefined => {
    const from = Object.keys(exported).find((specifier) => exported[specifier]!.includes(name));
    return from === undefined ? undefined : `import { ${name} } from '${from}';`;
  };

  it('has TypeScript samples, and marks as not compiled only blocks it gives a reason for', () => {
    expect(tsSamples.length).toBeGreaterThan(10);
    for (const sample of samples.filter((s) => s.notCompiled !== undefined)) {
      expect(['ts', 'tsx'], `README.md:${sample.line}: only TypeScript blocks are compiled, so only they can be marked`).toContain(sample.lang);
      expect(sample.notCompiled!.length, `README.md:${sample.line}: say why`).toBeGreaterThan(10);
    }
  });

  it('every TypeScript sample parses, and every one not marked compiles under strict TypeScript against dist/', () => {
    for (const sample of tsSamples) {
      expect(syntaxErrors(sample.code, `sample.${sample.lang}`), `README.md:${sample.line}`).toEqual([]);
    }
    const compiled = tsSamples.filter((sample) => sample.notCompiled === undefined);
    // First without the app's declarations, to learn which of its names each sample uses without declaring them.
    const bare = new Map(compiled.map((sample) => [sampleFile(sample), `\n${sample.code}`]));
    const first = compile(bare);
    const withApp = new Map<string, string>();
    const unknown: string[] = [];
    for (const sample of compiled) {
      const missing = new Set<string>();
      for (const diagnostic of first.diagnostics.get(sampleFile(sample))!) {
        // TS2304 "Cannot find name", TS2552 "… Did you mean", TS2580/TS2582 (Node or test-runner globals), TS18004 (a shorthand property).
        if (![2304, 2552, 2580, 2582, 18004].includes(diagnostic.code) || !diagnostic.file || diagnostic.start === undefined) continue;
        const name = diagnostic.file.text.slice(diagnostic.start, diagnostic.start + diagnostic.length!);
        if (name in APP_DECLARATIONS) missing.add(name);
        else if (importFor(name)) missing.add(name);
        else unknown.push(`README.md:${sample.line}: \`${name}\` is neither declared by the sample nor an app name known to this test`);
      }
      withApp.set(sampleFile(sample), `${[...missing].map((name) => APP_DECLARATIONS[name] ?? importFor(name)).join(' ')}\n${sample.code}`);
    }
    expect(unknown).toEqual([]);
    const second = compile(withApp, first.program);
    const errors = compiled.flatMap((sample) => second.diagnostics.get(sampleFile(sample))!.map((diagnostic) => describeDiagnostic(sample, diagnostic)));
    expect(errors).toEqual([]);
  }, 120_000);

  it('every JavaScript sample parses and imports only what the built package exports', () => {
    for (const sample of jsSamples) {
      expect(syntaxErrors(sample.code, 'sample.js'), `README.md:${sample.line}`).toEqual([]);
      for (const { from, name } of packageImports(sample.code)) {
        expect(exported[from], `README.md:${sample.line}: ${from}`).toBeDefined();
        expect(exported[from], `README.md:${sample.line}: import { ${name} } from '${from}'`).toContain(name);
      }
    }
  });

  it("every HTML sample's inline scripts parse, and use only members of the global auth0 of the script tag they load", () => {
    expect(htmlSamples.length).toBeGreaterThan(0);
    const globals = {
      'webauth-logout.min.js': Object.keys(loadUmdInVm({}, 'webauth-logout.min.js')),
      'webauth-logout.full.min.js': Object.keys(loadUmdInVm({}, 'webauth-logout.full.min.js')),
    };
    for (const sample of htmlSamples) {
      const { inline, sources } = scriptsOf(sample.code);
      expect(inline.length, `README.md:${sample.line}: an HTML sample with no inline script`).toBeGreaterThan(0);
      const loaded = sources.map((src) => path.posix.basename(new URL(src, 'https://app.example.com/').pathname));
      const members = loaded.flatMap((file) => (file in globals ? globals[file as keyof typeof globals] : []));
      for (const script of inline) {
        expect(syntaxErrors(script.code, script.module ? 'inline.mjs' : 'inline.js'), `README.md:${sample.line}`).toEqual([]);
        if (!script.module) expect(() => new Function(script.code), `README.md:${sample.line}: a classic script`).not.toThrow();
        for (const name of membersOfAuth0Used(script.code)) {
          expect(members, `README.md:${sample.line}: auth0.${name} from ${loaded.join(', ') || 'no script tag of this package'}`).toContain(name);
        }
      }
    }
  });
});
