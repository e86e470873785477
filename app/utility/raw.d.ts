// Vite's `?raw` imports (text of a file bundled into the code), for the Node-side type-check.
// The web build's type-check gets the same declaration from vite/client.
declare module '*?raw' {
  const text: string;
  export default text;
}
