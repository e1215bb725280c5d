// The VS Code side of `rapporteur lsp`: starts the server for the section files, the
// edition metadata and the catalog of a report repository (one holding
// drafts/report.yaml), and opens a finding's rule link (`rapporteur-rule:T001`) as the
// rule's explanation, the text of `rapporteur rules T001`.
'use strict';

const { execFile } = require('child_process');
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

/** @type {LanguageClient | undefined} */
let client;

/** @param {vscode.ExtensionContext} context */
function activate(context) {
  const command = vscode.workspace.getConfiguration('rapporteur').get('path') || 'rapporteur';

  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider('rapporteur-rule', {
      provideTextDocumentContent(uri) {
        return new Promise((resolve) => {
          execFile(command, ['rules', uri.path], (error, stdout, stderr) => {
            resolve(error ? `${stderr || error.message}` : stdout);
          });
        });
      },
    }),
  );

  client = new LanguageClient(
    'rapporteur',
    'rapporteur',
    { command, args: ['lsp'] },
    {
      documentSelector: [
        { scheme: 'file', pattern: '**/drafts/*/*.md' },
        { scheme: 'file', pattern: '**/drafts/*.yaml' },
        { scheme: 'file', pattern: '**/schemas/*.yaml' },
      ],
    },
  );
  // The server registers its own file watchers (the catalog, sections not open).
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
