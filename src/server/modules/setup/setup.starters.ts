/**
 * The starter configuration of each kind of business the set-up offers: which modules it usually needs, a sales
 * pipeline described in its own words, its case types with their resolution steps, SLA policies, the fields that
 * business records beyond the built-in ones, and the objectives and metrics it usually watches. Everything is an ordinary record afterwards, editable in Settings.
 */

type Priority = 'low' | 'normal' | 'high' | 'urgent';

export interface StarterStage {
  name: string;
  probability?: number;
  stalledAfterDays?: number | null;
  playbook?: string | null;
  outcome?: 'open' | 'won' | 'lost';
}

export interface StarterObjective {
  name: string;
  problem: string;
  metricId: string;
  target: { relativeChange: number } | { value: number };
}

/** A custom field a starter adds (on deals with sales on, on cases with service on; people and companies always). */
export interface StarterField {
  object: 'people' | 'companies' | 'deals' | 'cases';
  key: string;
  label: string;
  type: 'text' | 'number' | 'date' | 'select' | 'url';
  options?: string[];
  helpText?: string;
}

export interface Starter {
  key: BusinessKind;
  label: string;
  description: string;
  modules: { sales: boolean; marketing: boolean; service: boolean; portal: boolean; accounts: boolean };
  pipeline: { name: string; description: string; stages: StarterStage[] };
  caseTypes: { name: string; defaultPriority: Priority; process: string }[];
  slaPolicies: { name: string; priority: Priority; firstResponseMinutes: number; resolutionMinutes: number }[];
  fields: StarterField[];
  objectives: StarterObjective[];
  watchedMetrics: string[];
}

export const BUSINESS_KINDS = ['b2b-services', 'retail', 'manufacturing', 'professional'] as const;
export type BusinessKind = (typeof BUSINESS_KINDS)[number];

const won: StarterStage = { name: 'Won', outcome: 'won', probability: 100 };
const lost: StarterStage = { name: 'Lost', outcome: 'lost', probability: 0 };

const SLA_STANDARD: Starter['slaPolicies'] = [
  { name: 'Urgent', priority: 'urgent', firstResponseMinutes: 60, resolutionMinutes: 240 },
  { name: 'High', priority: 'high', firstResponseMinutes: 240, resolutionMinutes: 960 },
  { name: 'Normal', priority: 'normal', firstResponseMinutes: 480, resolutionMinutes: 2_400 },
  { name: 'Low', priority: 'low', firstResponseMinutes: 960, resolutionMinutes: 4_800 },
];

const FCR: StarterObjective = {
  name: 'Raise first-contact resolution by 25%',
  problem: 'Customers who have to come back twice cost twice as much and trust us less.',
  metricId: 'service.fcr_rate',
  target: { relativeChange: 0.25 },
};
const SLA_MET: StarterObjective = {
  name: 'Meet the SLA on 95% of cases',
  problem: 'Late answers are the first thing complaints mention.',
  metricId: 'service.sla_met_rate',
  target: { value: 0.95 },
};
const WIN_RATE: StarterObjective = {
  name: 'Raise the win rate by 20%',
  problem: 'Too much time goes into proposals that are lost: qualify earlier.',
  metricId: 'sales.win_rate',
  target: { relativeChange: 0.2 },
};

export const STARTERS: Record<BusinessKind, Starter> = {
  'b2b-services': {
    key: 'b2b-services',
    label: 'B2B services',
    description: 'You sell services or subscriptions to other businesses: long sales cycles, renewals, a support desk.',
    modules: { sales: true, marketing: true, service: true, portal: true, accounts: true },
    pipeline: {
      name: 'New business',
      description: 'From a qualified lead to a signed contract.',
      stages: [
        {
          name: 'Qualified',
          probability: 10,
          stalledAfterDays: 14,
          playbook: 'Who decides, who signs, who uses it? What happens if they do nothing?',
        },
        {
          name: 'Discovery',
          probability: 25,
          stalledAfterDays: 21,
          playbook: 'Map their process with the people who run it; agree on the outcomes that matter.',
        },
        {
          name: 'Proposal',
          probability: 50,
          stalledAfterDays: 21,
          playbook: 'Send within two working days of discovery; walk the decision maker through it.',
        },
        {
          name: 'Negotiation',
          probability: 75,
          stalledAfterDays: 14,
          playbook: 'Trade, never give: every concession gets something back.',
        },
        won,
        lost,
      ],
    },
    caseTypes: [
      {
        name: 'Question',
        defaultPriority: 'normal',
        process:
          '1. Answer in the first reply, with the steps.\n2. Link the help article, or suggest one.\n3. Resolve with the answer.',
      },
      {
        name: 'Fault',
        defaultPriority: 'high',
        process:
          '1. Reproduce it: time, record, exact message.\n2. Give a workaround when there is one.\n3. Resolve when the customer confirms the fix.',
      },
      {
        name: 'Billing',
        defaultPriority: 'normal',
        process: '1. Answer from the invoice itself.\n2. Credit notes go to finance with the invoice number.',
      },
    ],
    slaPolicies: SLA_STANDARD,
    fields: [
      {
        object: 'companies',
        key: 'renewalDate',
        label: 'Contract renewal',
        type: 'date',
        helpText: 'When the current contract ends or renews',
      },
      {
        object: 'companies',
        key: 'seats',
        label: 'Seats',
        type: 'number',
        helpText: 'Licences or users the customer pays for',
      },
      { object: 'deals', key: 'termMonths', label: 'Contract term (months)', type: 'number' },
      {
        object: 'cases',
        key: 'productArea',
        label: 'Product area',
        type: 'select',
        options: ['Onboarding', 'Integrations', 'Reporting', 'Billing', 'Other'],
      },
    ],
    objectives: [FCR, WIN_RATE],
    watchedMetrics: ['service.fcr_rate', 'service.sla_met_rate', 'sales.win_rate', 'sales.won_amount', 'customers.new'],
  },
  retail: {
    key: 'retail',
    label: 'Retail and e-commerce',
    description: 'You sell to consumers in shops or online: many customers, quick questions, returns, loyalty.',
    modules: { sales: false, marketing: true, service: true, portal: true, accounts: false },
    pipeline: {
      name: 'Large orders',
      description: 'Corporate and wholesale orders that need a quote.',
      stages: [
        { name: 'Enquiry', probability: 20, stalledAfterDays: 7 },
        { name: 'Quote sent', probability: 50, stalledAfterDays: 10 },
        { name: 'Confirmed', probability: 90, stalledAfterDays: 7 },
        won,
        lost,
      ],
    },
    caseTypes: [
      {
        name: 'Where is my order?',
        defaultPriority: 'normal',
        process:
          '1. Find the order and its tracking.\n2. Give the date, not "soon".\n3. Late by more than 3 days: offer a goodwill gesture.',
      },
      {
        name: 'Return or refund',
        defaultPriority: 'normal',
        process:
          '1. Check the order is inside the return window.\n2. Send the return label.\n3. Refund within 5 days of receipt; resolve when refunded.',
      },
      {
        name: 'Product question',
        defaultPriority: 'low',
        process: '1. Answer with the product page and the article that covers it.\n2. Resolve with the answer.',
      },
      {
        name: 'Complaint',
        defaultPriority: 'high',
        process: '1. Acknowledge in your own words within the hour.\n2. Agree a remedy; make it a promise with a date.',
      },
    ],
    slaPolicies: [
      { name: 'High', priority: 'high', firstResponseMinutes: 60, resolutionMinutes: 480 },
      { name: 'Normal', priority: 'normal', firstResponseMinutes: 240, resolutionMinutes: 960 },
      { name: 'Low', priority: 'low', firstResponseMinutes: 480, resolutionMinutes: 1_920 },
    ],
    fields: [
      { object: 'people', key: 'loyaltyNumber', label: 'Loyalty card', type: 'text' },
      { object: 'people', key: 'preferredStore', label: 'Preferred store', type: 'text' },
      {
        object: 'cases',
        key: 'orderNumber',
        label: 'Order number',
        type: 'text',
        helpText: 'From the receipt or the order confirmation',
      },
    ],
    objectives: [FCR, SLA_MET],
    watchedMetrics: [
      'service.fcr_rate',
      'service.sla_met_rate',
      'service.cases_opened',
      'service.first_response_minutes',
      'customers.new',
    ],
  },
  manufacturing: {
    key: 'manufacturing',
    label: 'Manufacturing and distribution',
    description:
      'You make or distribute goods for trade customers: quotes, repeat orders, credit control, after-sales.',
    modules: { sales: true, marketing: false, service: true, portal: true, accounts: true },
    pipeline: {
      name: 'Quotes',
      description: 'From a request for quotation to a first order.',
      stages: [
        { name: 'Request for quote', probability: 15, stalledAfterDays: 7 },
        { name: 'Quoted', probability: 40, stalledAfterDays: 21 },
        { name: 'Samples or trial', probability: 60, stalledAfterDays: 30 },
        { name: 'Negotiation', probability: 80, stalledAfterDays: 14 },
        won,
        lost,
      ],
    },
    caseTypes: [
      {
        name: 'Delivery issue',
        defaultPriority: 'high',
        process:
          '1. Get the order and delivery note numbers.\n2. Check with the warehouse the same day.\n3. Agree the replacement date in writing.',
      },
      {
        name: 'Quality complaint',
        defaultPriority: 'high',
        process:
          '1. Ask for photos and the batch number.\n2. Open a quality report.\n3. Replace or credit; resolve when the customer agrees.',
      },
      {
        name: 'Technical question',
        defaultPriority: 'normal',
        process: '1. Answer from the data sheet.\n2. Involve engineering for anything outside it.',
      },
    ],
    slaPolicies: SLA_STANDARD,
    fields: [
      {
        object: 'companies',
        key: 'incoterms',
        label: 'Incoterms',
        type: 'select',
        options: ['EXW', 'FCA', 'CPT', 'DAP', 'DDP'],
      },
      {
        object: 'companies',
        key: 'paymentTerms',
        label: 'Payment terms',
        type: 'select',
        options: ['Prepaid', 'Net 30', 'Net 60', 'Net 90'],
      },
      {
        object: 'deals',
        key: 'deliveryWeek',
        label: 'Delivery week',
        type: 'text',
        helpText: 'ISO week promised, e.g. 2027-W14',
      },
      {
        object: 'cases',
        key: 'batchNumber',
        label: 'Batch / lot',
        type: 'text',
        helpText: 'From the label of the part concerned',
      },
    ],
    objectives: [WIN_RATE, SLA_MET],
    watchedMetrics: ['sales.won_amount', 'sales.win_rate', 'service.sla_met_rate', 'service.cases_opened'],
  },
  professional: {
    key: 'professional',
    label: 'Professional practice',
    description:
      'You sell expertise by the engagement (accountants, lawyers, consultants): referrals, proposals, clients for years.',
    modules: { sales: true, marketing: false, service: true, portal: true, accounts: true },
    pipeline: {
      name: 'Engagements',
      description: 'From a first conversation to a signed engagement letter.',
      stages: [
        { name: 'First conversation', probability: 15, stalledAfterDays: 14 },
        { name: 'Scoping', probability: 35, stalledAfterDays: 21 },
        { name: 'Proposal', probability: 60, stalledAfterDays: 21 },
        { name: 'Engagement letter', probability: 85, stalledAfterDays: 10 },
        won,
        lost,
      ],
    },
    caseTypes: [
      {
        name: 'Client request',
        defaultPriority: 'normal',
        process: '1. Confirm what is in the engagement and what is extra.\n2. Give a date for the answer.',
      },
      {
        name: 'Deadline query',
        defaultPriority: 'high',
        process: '1. Check the filing or court date.\n2. Escalate to the partner when inside 5 working days.',
      },
    ],
    slaPolicies: [
      { name: 'High', priority: 'high', firstResponseMinutes: 240, resolutionMinutes: 1_440 },
      { name: 'Normal', priority: 'normal', firstResponseMinutes: 480, resolutionMinutes: 4_800 },
    ],
    fields: [
      { object: 'people', key: 'referredBy', label: 'Referred by', type: 'text' },
      {
        object: 'deals',
        key: 'engagement',
        label: 'Engagement',
        type: 'select',
        options: ['Fixed fee', 'Hourly', 'Retainer'],
      },
      { object: 'cases', key: 'matterReference', label: 'Matter reference', type: 'text' },
    ],
    objectives: [WIN_RATE, FCR],
    watchedMetrics: ['sales.win_rate', 'sales.won_amount', 'promises.kept_rate', 'service.fcr_rate'],
  },
};
