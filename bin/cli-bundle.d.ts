/** The CLI bundle (out/cli/rekey.js) when it is there and no source it was built from is newer; otherwise null. */
export function freshBundle(root: URL): URL | null;
