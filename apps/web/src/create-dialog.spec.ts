import { SubmissionIds } from './create-dialog';

describe('the clientRequestId of the create dialog (SubmissionIds)', () => {
  let n = 0;
  const ids = () => new SubmissionIds(() => `id-${++n}`);

  it('sends the same id again when the same request is submitted again (a retry after a failure)', () => {
    const submissions = ids();
    const first = submissions.for({ request: { type: 'group', memberIds: ['b'] }, encrypted: false });
    expect(submissions.for({ request: { type: 'group', memberIds: ['b'] }, encrypted: false })).toBe(first);
  });

  it('gives a changed request, and any request after a reset (new dialog, success), a fresh id', () => {
    const submissions = ids();
    const first = submissions.for({ request: { type: 'channel', name: 'a' }, encrypted: false });
    const renamed = submissions.for({ request: { type: 'channel', name: 'b' }, encrypted: false });
    expect(renamed).not.toBe(first);
    expect(submissions.for({ request: { type: 'channel', name: 'b' }, encrypted: true })).not.toBe(renamed);
    const before = submissions.for({ request: { type: 'channel', name: 'b' }, encrypted: true });
    submissions.reset();
    expect(submissions.for({ request: { type: 'channel', name: 'b' }, encrypted: true })).not.toBe(before);
  });

  it('makes UUIDs by default (within the 100 characters a clientRequestId may have)', () => {
    expect(new SubmissionIds().for({})).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
