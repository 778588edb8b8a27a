import { describe, expect, it } from 'vitest';
import { componentSentence } from './component-sentence.ts';

const seedComponents = [
  'Web Interface',
  'Email Notifications',
  'SMS Notifications',
  'Voice Notifications',
  'Conferencing',
  'Integration Platform',
  'API',
  'Mobile App',
];

describe('componentSentence', () => {
  it('names one component', () => {
    expect(componentSentence(['API'])).toBe('API');
  });

  it('joins two with "and"', () => {
    expect(componentSentence(['API', 'Webhooks'])).toBe('API and Webhooks');
  });

  it('lists three in full rather than saying "1 more"', () => {
    expect(componentSentence(['API', 'Webhooks', 'Git'])).toBe('API, Webhooks and Git');
  });

  it('counts exactly the components not named (the seed page said 1 of 8)', () => {
    expect(componentSentence(seedComponents)).toBe(
      'Web Interface, Email Notifications and 6 more components',
    );
  });

  it('counts a duplicated name once', () => {
    expect(componentSentence(['API', 'API', 'Git', 'Pages', 'Actions'])).toBe(
      'API, Git and 2 more components',
    );
  });

  it('is null for no components', () => {
    expect(componentSentence([])).toBeNull();
    expect(componentSentence(['  '])).toBeNull();
  });
});
