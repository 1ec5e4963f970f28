/** A config that cannot run: the message names the setting and what is wrong with it. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
