import { describe, expect, it } from 'vitest';
import {
  kindOfStatusWord,
  normalizeComponentStatus,
  normalizeImpact,
  normalizeIncidentStatus,
  normalizeMaintenanceStatus,
} from './normalize-words.ts';

describe('vocabulary normalizers', () => {
  it('keeps known words and reports none unknown', () => {
    expect(normalizeImpact('none')).toEqual({ value: 'none' });
    expect(normalizeComponentStatus('partial_outage')).toEqual({ value: 'partial_outage' });
    expect(normalizeMaintenanceStatus('In progress', null)).toEqual({ value: 'in_progress' });
  });

  it('maps unknown words to the documented nearest value and returns the word', () => {
    expect(normalizeImpact('catastrophic')).toEqual({
      value: 'minor',
      unknownWord: 'catastrophic',
    });
    expect(normalizeComponentStatus('full outage')).toEqual({
      value: 'major_outage',
      unknownWord: 'full outage',
    });
    expect(normalizeComponentStatus('maintenance')).toEqual({
      value: 'under_maintenance',
      unknownWord: 'maintenance',
    });
    expect(normalizeComponentStatus(undefined).unknownWord).toBe('undefined');
  });

  it('reads "Update" as no change of status', () => {
    expect(normalizeIncidentStatus('Update', 'identified')).toEqual({ value: 'identified' });
    expect(normalizeIncidentStatus('Update', null)).toEqual({ value: 'investigating' });
  });

  it('tells maintenance words from incident words', () => {
    expect(kindOfStatusWord('Scheduled')).toBe('maintenance');
    expect(kindOfStatusWord('Investigating')).toBe('incident');
    expect(kindOfStatusWord('Update')).toBeNull();
  });
});
