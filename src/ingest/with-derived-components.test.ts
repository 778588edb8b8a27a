import { describe, expect, it } from 'vitest';
import { makeComponent, makeIncident, makeUpdate } from '../../test/support/builders.ts';
import { withDerivedComponents } from './with-derived-components.ts';

// Names from fixtures/vendors/statuspage-v2/github__summary.json; the title is the shape of
// GitHub's history.atom titles ("Incident with Actions").
const known = [
  makeComponent({ vendorId: 'actions', name: 'Actions' }),
  makeComponent({ vendorId: 'pages', name: 'Pages' }),
];
const feedIncident = makeIncident({ title: 'Incident with Actions', components: [] });

describe('withDerivedComponents', () => {
  it('stores the components the words name, marked derived', () => {
    const [out] = withDerivedComponents([feedIncident], known);
    expect(out?.components).toEqual([
      { vendorId: 'actions', name: 'Actions', oldStatus: null, newStatus: null, derived: true },
    ]);
  });

  it('follows new words, and keeps the same object when nothing changes', () => {
    const [first] = withDerivedComponents([feedIncident], known);
    if (first === undefined) throw new Error('no incident');
    const [same] = withDerivedComponents([first], known);
    expect(same).toBe(first);
    const later = { ...first, updates: [makeUpdate({ bodyText: 'Pages is recovering.' })] };
    const [grown] = withDerivedComponents([later], known);
    expect(grown?.components.map((c) => c.name)).toEqual(['Actions', 'Pages']);
  });

  it("keeps the vendor's own list, and derived ones while no component list is known", () => {
    const listed = makeIncident({
      title: 'Incident with Actions',
      components: [{ vendorId: 'pages', name: 'Pages', oldStatus: null, newStatus: null }],
    });
    expect(withDerivedComponents([listed], known)[0]).toBe(listed);
    const [derived] = withDerivedComponents([feedIncident], known);
    if (derived === undefined) throw new Error('no incident');
    expect(withDerivedComponents([derived], [])[0]).toBe(derived);
  });
});
