export declare const ROOT: string;
export declare function packTarball(root?: string): Promise<string>;
