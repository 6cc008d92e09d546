import * as vscode from 'vscode';
import { logNotes, logRuleErrors } from '../../analyzer/ruleErrors';
import { ANALYZED_LANGUAGES, COMPONENT_EXTENSIONS } from '../contributions';
import type { Finding } from '../../analyzer/types';
import type { Logger } from '../../common/log';
import { analyzerSettings } from '../settings';
import type { AnalyzerClient } from './analyzerClient';
import { findingKey, toDiagnostic, type SnapshotConfirmation } from './findingToDiagnostic';

/** Looks up what the latest heap snapshot measured at a finding's place (src/vscode/join provides it). */
export type ConfirmationLookup = (uri: vscode.Uri, finding: Finding) => SnapshotConfirmation | undefined;
import { isExcluded } from './excludes';

const analyzedLanguages = new Set(ANALYZED_LANGUAGES);

/** A document the analyzer reads: by language, or a .vue/.svelte file whatever language it was given. */
export function isAnalyzedDocument(document: vscode.TextDocument): boolean {
  if (/\.d\.[mc]?ts$/i.test(document.fileName)) return false;
  if (analyzedLanguages.has(document.languageId)) return true;
  const name = document.fileName.toLowerCase();
  return COMPONENT_EXTENSIONS.some((ext) => name.endsWith(ext));
}

/**
 * Keeps the "Retainer Lens" diagnostics of open JavaScript/TypeScript documents current: analyzes on open and
 * (debounced) on change, drops results computed for an older version of the document, clears a document's
 * diagnostics when it closes, and re-analyzes everything when a setting changes.
 */
export class DiagnosticsController implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('Retainer Lens');
  /** Findings by document URI and finding key, for the code action provider. */
  private readonly findings = new Map<string, Map<string, Finding>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [this.collection];
  private readonly settled = new vscode.EventEmitter<vscode.Uri>();
  /** The notes last logged per document (a component's skipped blocks): logged again only when they change. */
  private readonly notes = new Map<string, string>();
  private confirmations: ConfirmationLookup | undefined;
  /** Fires after a document's diagnostics were published (tests and the join wait on it). */
  readonly onDidPublish = this.settled.event;

  constructor(
    private readonly client: AnalyzerClient,
    private readonly extensionUri: vscode.Uri,
    private readonly log: Logger,
  ) {
    this.disposables.push(
      this.settled,
      vscode.workspace.onDidOpenTextDocument((doc) => this.schedule(doc, 0)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) this.schedule(event.document);
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => this.forget(doc.uri)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('retainerLens.analyzer')) this.refreshAll();
      }),
    );
    this.refreshAll();
  }

  /** Marks findings a heap snapshot confirms; re-publishes every open document's diagnostics. */
  setConfirmations(lookup: ConfirmationLookup | undefined): void {
    this.confirmations = lookup;
    this.refreshAll();
  }

  findingAt(uri: vscode.Uri, rule: string, position: vscode.Position): Finding | undefined {
    return this.findings.get(uri.toString())?.get(findingKey(rule, position.line, position.character));
  }

  /** Analyzes now (no debounce) and resolves once the result is published. */
  async analyzeNow(document: vscode.TextDocument): Promise<void> {
    this.cancelTimer(document.uri);
    await this.analyze(document);
  }

  refreshAll(): void {
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const d of this.disposables) d.dispose();
  }

  private shouldAnalyze(document: vscode.TextDocument): boolean {
    if (document.uri.scheme !== 'file' && document.uri.scheme !== 'untitled' && document.uri.scheme !== 'vscode-remote')
      return false;
    if (!isAnalyzedDocument(document)) return false;
    const settings = analyzerSettings(document.uri);
    return settings.enabled && !isExcluded(document.uri, settings.exclude);
  }

  private schedule(document: vscode.TextDocument, delay?: number): void {
    const key = document.uri.toString();
    this.cancelTimer(document.uri);
    if (!this.shouldAnalyze(document)) {
      this.forget(document.uri);
      return;
    }
    const wait = delay ?? analyzerSettings(document.uri).debounceMs;
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.analyze(document);
      }, wait),
    );
  }

  private async analyze(document: vscode.TextDocument, attempt = 1): Promise<void> {
    if (!this.shouldAnalyze(document)) {
      this.forget(document.uri);
      return;
    }
    const version = document.version;
    const settings = analyzerSettings(document.uri);
    let result;
    try {
      result = await this.client.analyze(document.getText(), document.fileName, settings.options);
    } catch (error) {
      this.log.warn(`analyzing ${document.fileName} (attempt ${attempt} of 3)`, error);
      // The worker died (it restarts on the next request): try again shortly, a few times, rather than leave
      // the document without diagnostics until its next edit.
      if (attempt < 3 && !document.isClosed && document.version === version) {
        const key = document.uri.toString();
        this.timers.set(
          key,
          setTimeout(() => {
            this.timers.delete(key);
            void this.analyze(document, attempt + 1);
          }, 500 * attempt),
        );
      }
      return;
    }
    // A newer edit (or a close) happened while we worked: this result describes text that no longer exists.
    if (document.isClosed || document.version !== version) return;
    logRuleErrors(this.log, document.fileName, result);
    const notes = (result.notes ?? []).join('\n');
    if (notes !== (this.notes.get(document.uri.toString()) ?? '')) logNotes(this.log, document.fileName, result);
    this.notes.set(document.uri.toString(), notes);
    const byKey = new Map<string, Finding>();
    for (const f of result.findings) byKey.set(findingKey(f.rule, f.range.start.line, f.range.start.column), f);
    this.findings.set(document.uri.toString(), byKey);
    this.collection.set(
      document.uri,
      result.findings.map((f) =>
        toDiagnostic(f, document.uri, this.extensionUri, this.confirmations?.(document.uri, f)),
      ),
    );
    this.settled.fire(document.uri);
  }

  private cancelTimer(uri: vscode.Uri): void {
    const key = uri.toString();
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
  }

  private forget(uri: vscode.Uri): void {
    this.cancelTimer(uri);
    this.findings.delete(uri.toString());
    this.notes.delete(uri.toString());
    this.collection.delete(uri);
  }
}
