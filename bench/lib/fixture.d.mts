export interface Fixture {
  dir: string;
  packageCount: number;
  installMode: 'offline' | 'prefer-offline';
}
export declare function installFixture(tgz: string): Promise<Fixture>;
export declare function countPackages(dir: string): Promise<number>;
export declare function listPackages(dir: string): Promise<string[]>;
export declare function linkPackages(dir: string, names: readonly string[], fromRoot: string): void;
