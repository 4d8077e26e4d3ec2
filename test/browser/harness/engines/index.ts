/** Starts an engine by name: the one place that knows which adapter drives which browser. */
import { launchChromium } from './chromium';
import { launchFirefox } from './firefox';
import type { Engine, EngineName, LaunchOptions } from './types';
import { launchWebKit } from './webkit';

export type { Engine, EngineName, LaunchOptions, ScriptsFirstHost, SessionDriver, TabDriver } from './types';
export { ENGINE_NAMES } from './types';

const LAUNCHERS: Record<EngineName, (options: LaunchOptions) => Promise<Engine>> = {
  chromium: launchChromium,
  firefox: launchFirefox,
  webkit: launchWebKit,
};

export function launchEngine(name: EngineName, options: LaunchOptions = {}): Promise<Engine> {
  return LAUNCHERS[name](options);
}
