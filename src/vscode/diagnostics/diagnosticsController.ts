import * as vscode from 'vscode';
import { logNotes, logRuleErrors } from '../../analyzer/ruleErrors';
import { ANALYZED_LANGUAGES, COMPONENT_EXTENSIONS, SOURCE_FILES } from '../contributions';
import type { Finding, WorkspaceFacts } from '../../analyzer/types';
import type { Logger } from '../../common/log';
import { analyzerSettings } from '../settings';
import type { AnalyzerClient } from './analyzerClient';
import { findingKey, toDiagnostic, type SnapshotConfirmation } from './findingToDiagnostic';
import { isExcluded } from './excludes';

/** Looks up what the active heap snapshot measured at a finding's place (src/vscode/join provides it). */
export type ConfirmationLookup = (uri: vscode.Uri, finding: Finding) => SnapshotConfirmation | undefined;
/** The findings the active snapshot confirms, in any file (they reach the Problems panel unopened too). */
export type ConfirmedFindings = () => { file: string; finding: Finding }[];

const analyzedLanguages = new Set(ANALYZED_LANGUAGES);

/** A document the analyzer reads: by language, or a .vue/.svelte file whatever language it was given. */
export function isAnalyzedDocument(document: vscode.TextDocument): boolean {
  if (/\.d\.[mc]?ts$/i.test(document.fileName)) return false;
  if (analyzedLanguages.has(document.languageId)) return true;
  const name = document.fileName.toLowerCase();
  return COMPONENT_EXTENSIONS.some((ext) => name.endsWith(ext));
}

/**
 * Keeps the "Retainer Lens" diagnostics current, from three sources:
 * - open JavaScript/TypeScript documents: analyzed on open and (debounced) on change, a scanned one with the
 *   last scan's workspace facts; a result computed for an older version of the document is dropped;
 * - workspace results ("Scan workspace"): the findings of the files on disk; like a task's problems they stay
 *   until the next scan, and follow the file when it is edited (in an editor, or on disk) or closed;
 * - confirmed findings of the active heap snapshot in files neither open nor scanned.
 * Settings and snapshot changes re-publish all of them.
 */
export class DiagnosticsController implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('Retainer Lens');
  /** Findings by document URI and finding key, for the code action provider. */
  private readonly findings = new Map<string, Map<string, Finding>>();
  /** Scanned files' results, and the workspace pass's facts they were analyzed with (kept for re-analysis from disk). */
  private readonly scanned = new Map<string, { uri: vscode.Uri; findings: Finding[]; workspace?: WorkspaceFacts }>();
  /** Files whose diagnostics are only the active snapshot's confirmed findings. */
  private confirmedOnly = new Set<string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [this.collection];
  private readonly settled = new vscode.EventEmitter<vscode.Uri>();
  /** The notes last logged per document (a component's skipped blocks): logged again only when they change. */
  private readonly notes = new Map<string, string>();
  private confirmations: ConfirmationLookup | undefined;
  private confirmedFindings: ConfirmedFindings | undefined;
  /** Fires after a document's diagnostics were published (tests and the join wait on it). */
  readonly onDidPublish = this.settled.event;

  constructor(
    private readonly client: AnalyzerClient,
    private readonly extensionUri: vscode.Uri,
    private readonly log: Logger,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher(SOURCE_FILES);
    this.disposables.push(
      this.settled,
      watcher,
      vscode.workspace.onDidOpenTextDocument((doc) => this.schedule(doc, 0)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) this.schedule(event.document);
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => this.closed(doc.uri)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration('retainerLens.analyzer')) return;
        this.refreshAll();
        // Workspace results were computed with the old rule settings: analyze those files again.
        for (const { uri } of this.scanned.values()) if (!this.isOpen(uri)) void this.rescan(uri);
      }),
      // A scanned file changed on disk while closed (a checkout, a formatter): its workspace result follows.
      watcher.onDidChange((uri) => {
        if (this.scanned.has(uri.toString()) && !this.isOpen(uri)) void this.rescan(uri);
      }),
      watcher.onDidDelete((uri) => {
        if (this.scanned.delete(uri.toString()) && !this.isOpen(uri)) this.publishClosed(uri);
      }),
    );
    this.refreshAll();
  }

  /** Marks findings the active heap snapshot confirms (in open, scanned and, for confirmed ones, any files). */
  setConfirmations(lookup: ConfirmationLookup | undefined, confirmed?: ConfirmedFindings): void {
    this.confirmations = lookup;
    this.confirmedFindings = confirmed;
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

  /**
   * A workspace scan starts: its results replace the previous scan's (files the new scan does not reach lose
   * theirs when `endScan` runs).
   */
  beginScan(): Set<string> {
    this.renewed.clear();
    return new Set(this.scanned.keys());
  }

  /**
   * One file's workspace result (the findings of its text on disk). An open document keeps its live ones, analyzed
   * again with the scan's workspace facts when it has any.
   */
  setScanned(uri: vscode.Uri, findings: Finding[], workspace?: WorkspaceFacts): void {
    const key = uri.toString();
    this.scanned.set(key, { uri, findings, workspace });
    this.renewed.add(key);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key && !d.isClosed);
    if (!open) this.publishClosed(uri);
    else if (workspace) this.schedule(open, 0);
  }

  /** The scan finished: earlier workspace results it did not renew go (unless the scan was cancelled). */
  endScan(before: Set<string>, complete: boolean): void {
    if (!complete) return;
    for (const key of before) {
      const entry = this.scanned.get(key);
      if (!entry || this.renewed.has(key)) continue;
      this.scanned.delete(key);
      if (!this.isOpen(entry.uri)) this.publishClosed(entry.uri);
    }
    this.renewed.clear();
  }

  refreshAll(): void {
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
    // Closed files: workspace results with the current confirmations, and confirmed findings elsewhere.
    const confirmedFiles = new Set(
      (this.confirmedFindings?.() ?? []).map(({ file }) => vscode.Uri.file(file).toString()),
    );
    const stale = this.confirmedOnly;
    this.confirmedOnly = new Set();
    for (const { uri } of this.scanned.values()) if (!this.isOpen(uri)) this.publishClosed(uri);
    for (const key of confirmedFiles) {
      const uri = vscode.Uri.parse(key);
      if (!this.isOpen(uri) && !this.scanned.has(key)) this.publishClosed(uri);
    }
    for (const key of stale) {
      if (!this.confirmedOnly.has(key) && !this.scanned.has(key) && !this.isOpen(vscode.Uri.parse(key)))
        this.collection.delete(vscode.Uri.parse(key));
    }
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const d of this.disposables) d.dispose();
  }

  /** Keys the running scan renewed (see endScan). */
  private readonly renewed = new Set<string>();

  private isOpen(uri: vscode.Uri): boolean {
    const key = uri.toString();
    return vscode.workspace.textDocuments.some((d) => d.uri.toString() === key && !d.isClosed);
  }

  /** What a file that is not open shows: its workspace result, else the active snapshot's confirmed findings. */
  private publishClosed(uri: vscode.Uri): void {
    const key = uri.toString();
    const scanned = this.scanned.get(key);
    if (scanned && analyzerSettings(uri).enabled) {
      this.confirmedOnly.delete(key);
      this.collection.set(uri, this.toDiagnostics(uri, scanned.findings));
      return;
    }
    const confirmed = (this.confirmedFindings?.() ?? [])
      .filter(({ file }) => vscode.Uri.file(file).toString() === key)
      .map(({ finding }) => finding);
    if (confirmed.length === 0 || !analyzerSettings(uri).enabled) {
      this.confirmedOnly.delete(key);
      this.collection.delete(uri);
      return;
    }
    this.confirmedOnly.add(key);
    this.collection.set(uri, this.toDiagnostics(uri, confirmed));
  }

  private toDiagnostics(uri: vscode.Uri, findings: Finding[]): vscode.Diagnostic[] {
    return findings.map((f) => toDiagnostic(f, uri, this.extensionUri, this.confirmations?.(uri, f)));
  }

  /** A document closed: a scanned file goes back to its result on disk (edits may have been discarded). */
  private closed(uri: vscode.Uri): void {
    this.cancelTimer(uri);
    this.findings.delete(uri.toString());
    if (this.scanned.has(uri.toString())) void this.rescan(uri);
    else this.publishClosed(uri);
  }

  /** Analyzes a scanned file's text on disk again, keeping what it shows until the answer is there. */
  private async rescan(uri: vscode.Uri): Promise<void> {
    const settings = analyzerSettings(uri);
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      // The facts of the last scan still hold as far as we know; the next scan gathers them again.
      const workspace = this.scanned.get(uri.toString())?.workspace;
      const result = await this.client.analyze(
        text,
        uri.fsPath,
        workspace ? { ...settings.options, workspace } : settings.options,
      );
      logRuleErrors(this.log, uri.fsPath, result);
      if (!this.scanned.has(uri.toString())) return; // a new scan or a delete came first
      this.scanned.set(uri.toString(), { uri, findings: result.findings, workspace });
    } catch (error) {
      this.log.warn(`analyzing ${uri.fsPath} again from disk (its workspace result is gone)`, error);
      this.scanned.delete(uri.toString());
    }
    if (!this.isOpen(uri)) this.publishClosed(uri);
    this.settled.fire(uri);
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
    // A scanned file keeps the last scan's workspace facts while it is edited (they name functions and classes,
    // not lines), so its cross-file findings do not vanish until the next scan.
    const workspace = this.scanned.get(document.uri.toString())?.workspace;
    let result;
    try {
      result = await this.client.analyze(
        document.getText(),
        document.fileName,
        workspace ? { ...settings.options, workspace } : settings.options,
      );
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
    this.confirmedOnly.delete(document.uri.toString());
    this.collection.set(document.uri, this.toDiagnostics(document.uri, result.findings));
    this.settled.fire(document.uri);
  }

  private cancelTimer(uri: vscode.Uri): void {
    const key = uri.toString();
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
  }

  /** An open document that is not analyzed (setting off, excluded, other language) shows nothing of ours. */
  private forget(uri: vscode.Uri): void {
    this.cancelTimer(uri);
    this.findings.delete(uri.toString());
    this.notes.delete(uri.toString());
    this.collection.delete(uri);
  }
}
