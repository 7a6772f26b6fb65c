/** Where the merged stylesheet is written, relative to the project's root. */
export declare const ATLASKIT_STYLESHEET: string;
/** The distinct contents of every Compiled stylesheet in the root's node_modules. */
export declare function readCompiledStylesheets(root: string): string[];
/** The sources merged: deduplicated and ordered as Compiled's extraction orders them. */
export declare function mergeAtlaskitStylesheets(sources: string[]): string;
/** Writes the merged stylesheet under the root when its sources changed. */
export declare function writeAtlaskitStylesheet(root: string): void;
