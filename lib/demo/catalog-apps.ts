import type { LoghubSource } from '@/lib/demo/loghub-messages';

// The demo's apps. Looked up by name in tests, so names are the contract.

export type AppSpec = {
  slug: string;
  vendor: string;
  name: string;
  isPaid: boolean;
  description: string;
  scopes: string[];
  /** Released versions, oldest first; the last is what production runs. */
  versions: string[];
  /** loghub samples whose messages read like this app's logs. */
  sources: LoghubSource[];
  /** The app's own entry points: [module, function]. */
  entries: [string, string][];
};

export const APPS: AppSpec[] = [
  {
    slug: 'timesheet-pro',
    vendor: 'lumen',
    name: 'Timesheet Pro',
    isPaid: true,
    description: 'Log work against Jira issues from a weekly timesheet, approve team hours and export them to payroll.',
    scopes: ['read:jira-work', 'write:jira-work', 'read:jira-user', 'storage:app'],
    versions: ['3.2.0', '3.3.2', '3.4.0', '3.4.1'],
    sources: ['HDFS', 'Spark'],
    entries: [
      ['resolvers/timesheet', 'getWorklogs'],
      ['resolvers/timesheet', 'saveWorklog'],
      ['resolvers/approvals', 'approveWeek'],
      ['triggers/issue', 'onIssueUpdated'],
      ['scheduled/payroll-export', 'handler'],
    ],
  },
  {
    slug: 'quick-notes',
    vendor: 'lumen',
    name: 'Quick Notes',
    isPaid: false,
    description: 'Private sticky notes on any Jira issue or Confluence page, synced across your devices.',
    scopes: ['read:jira-work', 'read:confluence-content.summary', 'storage:app'],
    versions: ['1.7.0', '1.8.0', '1.8.3'],
    sources: ['HealthApp'],
    entries: [
      ['resolvers/notes', 'listNotes'],
      ['resolvers/notes', 'saveNote'],
      ['resolvers/notes', 'deleteNote'],
      ['macros/note', 'render'],
    ],
  },
  {
    slug: 'release-radar',
    vendor: 'globex',
    name: 'Release Radar',
    isPaid: true,
    description: 'Tracks fix versions across projects, flags risky releases and publishes release notes to Confluence.',
    scopes: ['read:jira-work', 'write:jira-work', 'read:confluence-content.summary', 'write:confluence-content', 'storage:app'],
    versions: ['2.8.4', '2.9.0', '2.9.3'],
    sources: ['OpenStack', 'Apache'],
    entries: [
      ['resolvers/releases', 'getReleases'],
      ['triggers/version', 'onVersionReleased'],
      ['webhooks/deployments', 'onDeployment'],
      ['scheduled/risk-scan', 'handler'],
    ],
  },
  {
    slug: 'sprint-insights',
    vendor: 'northwind',
    name: 'Sprint Insights',
    isPaid: true,
    description: 'Burndown, carry-over and cycle-time reports for Scrum and Kanban boards.',
    scopes: ['read:jira-work', 'read:board-scope:jira-software', 'read:sprint:jira-software', 'storage:app'],
    versions: ['5.0.2', '5.1.0', '5.1.1'],
    sources: ['Spark', 'Zookeeper'],
    entries: [
      ['resolvers/reports', 'getBurndown'],
      ['resolvers/reports', 'getCycleTime'],
      ['triggers/sprint', 'onSprintClosed'],
      ['scheduled/snapshot', 'handler'],
    ],
  },
  {
    slug: 'test-case-manager',
    vendor: 'northwind',
    name: 'Test Case Manager',
    isPaid: true,
    description: 'Test cases, test runs and requirement coverage, linked to Jira issues.',
    scopes: ['read:jira-work', 'write:jira-work', 'storage:app'],
    versions: ['4.11.0', '4.12.0', '4.12.2'],
    sources: ['HDFS'],
    entries: [
      ['resolvers/test-runs', 'startRun'],
      ['resolvers/test-runs', 'recordResult'],
      ['resolvers/coverage', 'getCoverage'],
      ['triggers/issue', 'onIssueCreated'],
    ],
  },
  {
    slug: 'glossary',
    vendor: 'northwind',
    name: 'Glossary for Confluence',
    isPaid: false,
    description: 'Define terms once and highlight them, with their definition, on every Confluence page.',
    scopes: ['read:confluence-content.all', 'write:confluence-content', 'storage:app'],
    versions: ['1.3.0', '1.4.0', '1.4.2'],
    sources: ['HealthApp', 'Apache'],
    entries: [
      ['macros/glossary', 'render'],
      ['resolvers/terms', 'lookupTerm'],
      ['triggers/page', 'onPageUpdated'],
    ],
  },
  {
    slug: 'smart-checklists',
    vendor: 'northwind',
    name: 'Smart Checklists',
    isPaid: false,
    description: 'Checklists inside Jira issues, with templates per issue type and a definition of done.',
    scopes: ['read:jira-work', 'write:jira-work', 'storage:app'],
    versions: ['2.0.1', '2.1.0', '2.2.0'],
    sources: ['HealthApp'],
    entries: [
      ['resolvers/checklist', 'getChecklist'],
      ['resolvers/checklist', 'toggleItem'],
      ['triggers/issue', 'onIssueCreated'],
    ],
  },
  {
    slug: 'bulk-importer',
    vendor: 'vandelay',
    name: 'Bulk Importer',
    isPaid: true,
    description: 'Import issues, comments and attachments from CSV, Trello and Asana, with field mapping and dry runs.',
    scopes: ['read:jira-work', 'write:jira-work', 'read:jira-user', 'storage:app'],
    versions: ['6.2.0', '6.3.0', '6.3.4'],
    sources: ['HDFS', 'OpenStack'],
    entries: [
      ['resolvers/import', 'startImport'],
      ['consumers/import-batch', 'processBatch'],
      ['resolvers/mapping', 'previewMapping'],
    ],
  },
  {
    slug: 'secure-share',
    vendor: 'vandelay',
    name: 'Secure Share',
    isPaid: true,
    description: 'Share Confluence pages with external partners through expiring, password-protected links.',
    scopes: ['read:confluence-content.all', 'read:confluence-space.summary', 'storage:app'],
    versions: ['1.9.0', '2.0.0', '2.0.1'],
    sources: ['OpenSSH', 'Linux'],
    entries: [
      ['resolvers/links', 'createLink'],
      ['web/share', 'handler'],
      ['scheduled/expire-links', 'handler'],
    ],
  },
  {
    slug: 'page-reactions',
    vendor: 'vandelay',
    name: 'Page Reactions',
    isPaid: false,
    description: 'Emoji reactions and one-click polls on Confluence pages.',
    scopes: ['read:confluence-content.summary', 'write:confluence-content', 'storage:app'],
    versions: ['0.9.5', '1.0.0', '1.0.3'],
    sources: ['Apache'],
    entries: [
      ['resolvers/reactions', 'addReaction'],
      ['resolvers/reactions', 'getReactions'],
      ['resolvers/polls', 'vote'],
    ],
  },
  {
    slug: 'diagram-studio',
    vendor: 'bluefin',
    name: 'Diagram Studio',
    isPaid: true,
    description: 'Flowcharts, UML and architecture diagrams, edited in place on Confluence pages.',
    scopes: ['read:confluence-content.all', 'write:confluence-content', 'storage:app'],
    versions: ['7.4.0', '7.5.1', '7.6.0'],
    sources: ['Spark', 'Apache'],
    entries: [
      ['macros/diagram', 'render'],
      ['resolvers/diagram', 'saveDiagram'],
      ['resolvers/export', 'exportPng'],
    ],
  },
  {
    slug: 'access-auditor',
    vendor: 'bluefin',
    name: 'Access Auditor',
    isPaid: false,
    description: 'Reports who can see what across Jira projects and flags overly broad permission schemes.',
    scopes: ['read:jira-user', 'read:jira-work', 'manage:jira-configuration'],
    versions: ['1.1.0', '1.2.0', '1.2.1'],
    sources: ['OpenSSH', 'Linux'],
    entries: [
      ['resolvers/audit', 'getPermissionReport'],
      ['scheduled/scan', 'handler'],
      ['triggers/project', 'onProjectUpdated'],
    ],
  },
  {
    slug: 'sla-watch',
    vendor: 'bluefin',
    name: 'SLA Watch',
    isPaid: true,
    description: 'Predicts SLA breaches in Jira Service Management queues and escalates before they happen.',
    scopes: ['read:servicedesk-request', 'read:jira-work', 'write:jira-work', 'storage:app'],
    versions: ['3.0.0', '3.1.0', '3.1.2'],
    sources: ['Zookeeper', 'OpenStack'],
    entries: [
      ['scheduled/predict', 'handler'],
      ['triggers/request', 'onRequestCreated'],
      ['resolvers/queue', 'getAtRisk'],
    ],
  },
];
