// Network settings shared by every HTTP client orgplane runs (Admin API, GitHub, git).
export { bypassesProxy, hasProxy, proxyFor, proxySettingsFromEnv, redactProxy, type ProxySettings } from './proxy.js';
