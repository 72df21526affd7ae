export declare const serverBundle: { main: string; stamp: string };
export declare function bundleIsFresh(): boolean;
