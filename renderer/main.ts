// The renderer's entry, the same in the desktop app and the web build.
import { mount } from 'svelte';
import App from './App.svelte';
import { getHost } from './host';

void getHost().then((api) =>
  mount(App, { target: document.getElementById('app')!, props: { api } }),
);
