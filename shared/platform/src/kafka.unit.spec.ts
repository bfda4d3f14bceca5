import { expect } from 'chai';
import { AssignerProtocol } from 'kafkajs';
import { coPartitionedAssigner, groupBySize } from './kafka.js';

describe('coPartitionedAssigner: lanes of one process own the same partition numbers', () => {
  const LIVE = 'p.case.commands';
  const BULK = 'p.case.commands.bulk';
  const laneOf = (t: string) => (t === BULK ? 'bulk' : 'live');
  const cluster = { findTopicPartitionMetadata: () => Array.from({ length: 12 }, (_, partitionId) => ({ partitionId })), addMultipleTargetTopics: async () => {} };
  const member = (memberId: string, instance: string, lane: string, topic: string) => {
    const { metadata } = coPartitionedAssigner({ instance, lane }, laneOf)({ cluster } as never).protocol({ topics: [topic] });
    return { memberId, memberMetadata: metadata };
  };
  const assign = async (members: ReturnType<typeof member>[], leaderTopics: string[]) => {
    const out = await coPartitionedAssigner({ instance: 'x', lane: 'live' }, laneOf)({ cluster } as never).assign({ members, topics: leaderTopics });
    return Object.fromEntries(out.map((a) => [a.memberId, AssignerProtocol.MemberAssignment.decode(a.memberAssignment)!.assignment]));
  };

  it('gives partition p of both topics to one process, each topic to the consumer of its lane, although the leader reads one topic', async () => {
    const got = await assign([
      member('a-live', 'A', 'live', LIVE), member('a-bulk', 'A', 'bulk', BULK),
      member('b-live', 'B', 'live', LIVE), member('b-bulk', 'B', 'bulk', BULK),
    ], [LIVE]);
    expect(got['a-live']).to.deep.equal({ [LIVE]: [0, 2, 4, 6, 8, 10] });
    expect(got['a-bulk']).to.deep.equal({ [BULK]: [0, 2, 4, 6, 8, 10] });
    expect(got['b-live']).to.deep.equal({ [LIVE]: [1, 3, 5, 7, 9, 11] });
    expect(got['b-bulk']).to.deep.equal({ [BULK]: [1, 3, 5, 7, 9, 11] });
  });

  it('leaves a lane whose consumer has not joined yet unassigned rather than give it to another process', async () => {
    const got = await assign([member('a-live', 'A', 'live', LIVE), member('b-live', 'B', 'live', LIVE), member('b-bulk', 'B', 'bulk', BULK)], [LIVE]);
    expect(got['b-bulk']).to.deep.equal({ [BULK]: [1, 3, 5, 7, 9, 11] });
    expect(Object.values(got).flatMap((a) => a[BULK] ?? [])).to.not.include.members([0, 2, 4]);
  });
});

describe('groupBySize: dead letters per produce request', () => {
  const id = (n: number) => n;
  it('keeps the order and packs items up to the limit', () => {
    expect(groupBySize([3, 3, 3, 3, 3], id, 7)).to.deep.equal([[3, 3], [3, 3], [3]]);
  });
  it('sends an item bigger than the limit alone, between its neighbours', () => {
    expect(groupBySize([1, 900, 1, 1], id, 10)).to.deep.equal([[1], [900], [1, 1]]);
  });
  it('gives nothing for nothing', () => {
    expect(groupBySize([], id, 10)).to.deep.equal([]);
  });
});
