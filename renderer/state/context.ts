// The workspace is shared with every component through context, created once by App.svelte.
import { createContext } from 'svelte';
import type { Workspace } from './workspace.svelte';

export const [getWorkspace, setWorkspace] = createContext<Workspace>();
