import {
  BOOLEAN_POLICY_KEYS,
  findPolicyKey,
  policyKeySchemas,
  type Policy,
  type PolicyKey,
} from '../../src-shared/policy';
import { isBinaryPlist, parseXmlPlist } from './plist';
import { policySources, type PolicyIo, type PolicyLocations, type PolicySource } from './policy-sources';

/** A problem found in a policy source: the key (if any) is ignored, everything else still applies. */
export interface PolicyIssue {
  source: string;
  key?: string;
  message: string;
}

/** The effective policy, where each value came from, and what was wrong. */
export interface PolicyReadResult {
  policy: Policy;
  /** Label of the source each effective key came from. */
  origin: Partial<Record<PolicyKey, string>>;
  issues: PolicyIssue[];
}

type RawValues = Record<string, unknown>;

/** Keys macOS and MDM tools add to managed preferences themselves; they are not policy and not a mistake. */
const APPLE_METADATA_KEY = /^(Payload|mcx_)/;

async function readRaw(source: PolicySource, io: PolicyIo): Promise<RawValues | undefined> {
  if (source.kind === 'registry' && source.registry) {
    return io.readRegistry(source.registry.hive, source.registry.key);
  }
  const path = source.path ?? '';
  const bytes = await io.readFile(path);
  if (bytes === undefined) return undefined;
  if (source.kind === 'json-file') {
    const text = Buffer.from(bytes)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new Error(`not valid JSON (${error instanceof Error ? error.message : String(error)})`, { cause: error });
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new Error('must hold one JSON object of policy keys');
    }
    return parsed as RawValues;
  }
  const xml = isBinaryPlist(bytes) ? await io.binaryPlistToXml(path) : Buffer.from(bytes).toString('utf8');
  const plist = parseXmlPlist(xml);
  if (plist === null || typeof plist !== 'object' || Array.isArray(plist)) {
    throw new Error('the top value of the property list must be a <dict>');
  }
  return plist as RawValues;
}

/** Registry DWORDs and plist integers carry booleans as 0/1; REG_SZ carries everything as text. */
function coerce(key: PolicyKey, value: unknown): unknown {
  if (BOOLEAN_POLICY_KEYS.has(key)) {
    if (value === 0 || value === 1) return value === 1;
    if (typeof value === 'string' && /^(true|false|0|1)$/i.test(value.trim())) {
      return /^(true|1)$/i.test(value.trim());
    }
  }
  if (key === 'trustedDeviceMaxDays' && typeof value === 'string' && /^\s*\d+\s*$/.test(value)) {
    return Number(value);
  }
  return value;
}

/**
 * Reads every policy source of this platform and merges them key by key:
 * the first source (highest priority) with a valid value wins. A source that
 * cannot be read, or a value that breaks its key's rule, becomes an issue and
 * is skipped; this function never throws.
 */
export async function readPolicy(where: PolicyLocations, io: PolicyIo): Promise<PolicyReadResult> {
  const policy: Record<string, unknown> = {};
  const origin: Partial<Record<PolicyKey, string>> = {};
  const issues: PolicyIssue[] = [];
  for (const source of policySources(where)) {
    let raw: RawValues | undefined;
    try {
      raw = await readRaw(source, io);
    } catch (error) {
      issues.push({
        source: source.label,
        message: `could not be read: ${error instanceof Error ? error.message : String(error)}. The whole source was ignored.`,
      });
      continue;
    }
    if (!raw) continue;
    for (const [name, value] of Object.entries(raw)) {
      if (source.kind === 'plist-file' && APPLE_METADATA_KEY.test(name)) continue;
      const key = findPolicyKey(name);
      if (!key) {
        issues.push({
          source: source.label,
          key: name,
          message: `"${name}" is not a Click-N-Ship policy key; it was ignored.`,
        });
        continue;
      }
      const parsed = policyKeySchemas[key].safeParse(coerce(key, value));
      if (!parsed.success) {
        const reason = parsed.error.issues[0]?.message ?? 'invalid value';
        issues.push({ source: source.label, key, message: `${key}: ${reason} The value was ignored.` });
        continue;
      }
      if (key in policy) continue;
      policy[key] = parsed.data;
      origin[key] = source.label;
    }
  }
  return { policy: policy as Policy, origin, issues };
}

/** One line per issue, for the log and the notice on the settings screen. */
export function describePolicyIssue(issue: PolicyIssue): string {
  return `Managed settings in ${issue.source}: ${issue.message}`;
}
