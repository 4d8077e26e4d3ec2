export declare const log: (message: string) => void;
