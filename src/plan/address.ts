// Plan addresses: a stable, human-readable identity for every resource a change
// touches (DESIGN.md "Plan"). Names are quoted as JSON strings so any name is safe.
const q = (name: string): string => JSON.stringify(name);

export const address = {
  member: (email: string) => `org.member[${q(email)}]`,
  memberRole: (email: string, role: string) => `org.member[${q(email)}].role[${q(role)}]`,
  invite: (email: string) => `org.invite[${q(email)}]`,
  group: (name: string) => `org.group[${q(name)}]`,
  groupMember: (group: string, email: string) => `org.group[${q(group)}].member[${q(email)}]`,
  groupRole: (group: string, role: string) => `org.group[${q(group)}].role[${q(role)}]`,
  orgRole: (name: string) => `org.role[${q(name)}]`,
  certificate: (name: string) => `org.certificate[${q(name)}]`,
  project: (name: string) => `project[${q(name)}]`,
  projectMember: (project: string, email: string) => `project[${q(project)}].member[${q(email)}]`,
  projectMemberRole: (project: string, email: string, role: string) =>
    `project[${q(project)}].member[${q(email)}].role[${q(role)}]`,
  projectGroup: (project: string, group: string) => `project[${q(project)}].group[${q(group)}]`,
  projectGroupRole: (project: string, group: string, role: string) =>
    `project[${q(project)}].group[${q(group)}].role[${q(role)}]`,
  projectRole: (project: string, role: string) => `project[${q(project)}].role[${q(role)}]`,
  serviceAccount: (project: string, name: string) => `project[${q(project)}].service_account[${q(name)}]`,
  rateLimit: (project: string, model: string) => `project[${q(project)}].rate_limit[${q(model)}]`,
  projectCertificate: (project: string, name: string) => `project[${q(project)}].certificate[${q(name)}]`,
  apiKey: (project: string, id: string) => `project[${q(project)}].api_key[${q(id)}]`,
  orgSpendLimit: () => 'org.spend_limit',
  orgSpendAlert: (key: string) => `org.spend_alert[${q(key)}]`,
  orgDataRetention: () => 'org.data_retention',
  projectSpendLimit: (project: string) => `project[${q(project)}].spend_limit`,
  projectSpendAlert: (project: string, key: string) => `project[${q(project)}].spend_alert[${q(key)}]`,
  modelPermissions: (project: string) => `project[${q(project)}].model_permissions`,
  hostedToolPermissions: (project: string) => `project[${q(project)}].hosted_tool_permissions`,
  projectDataRetention: (project: string) => `project[${q(project)}].data_retention`,
} as const;
