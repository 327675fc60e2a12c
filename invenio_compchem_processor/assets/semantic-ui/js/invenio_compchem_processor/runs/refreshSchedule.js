// SPDX-License-Identifier: MIT
// When the panel asks again: soon after a change, then less and less often
// while nothing changes.

export const FIRST_DELAY = 1500;
export const LONGEST_DELAY = 15000;

export class RefreshSchedule {
  constructor({ first = FIRST_DELAY, longest = LONGEST_DELAY, factor = 1.5 } = {}) {
    this.first = first;
    this.longest = longest;
    this.factor = factor;
    this.delay = first;
  }

  /** The delay before the next refresh, given whether the last one changed anything. */
  next(changed) {
    this.delay = changed ? this.first : Math.min(this.delay * this.factor, this.longest);
    return this.delay;
  }

  reset() {
    this.delay = this.first;
  }
}
