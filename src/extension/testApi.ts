// What `activate()` hands out as the extension's exports. Any installed extension can read them
// (`vscode.extensions.getExtension(id).exports`), so the live objects, which reach the API key store
// and SecretStorage, go out only when VS Code runs our own tests (ExtensionMode.Test). Pure: no vscode import.

/** The live objects in the test host; nothing in Production or Development mode. */
export function exportsFor<T>(isTestMode: boolean, live: T): T | undefined {
  return isTestMode ? live : undefined;
}
