/// The signing objects that are a single SSZ value rather than a container, named as Web3Signer
/// names them. A sync committee message signs the block root itself: ``Root`` is its own
/// `hash_tree_root`, so `Signing.computeSigningRoot(blockRoot, domain:)` is the spec's
/// `compute_signing_root(block_root, domain)` (altair validator, `get_sync_committee_message`).

/// `AGGREGATION_SLOT`: the slot whose signature is an aggregator's selection proof
/// (phase0 validator `get_slot_signature`, `DOMAIN_SELECTION_PROOF`). Its root is that of the
/// `uint64` slot.
public struct AggregationSlot: HashTreeRootable, Hashable {
    public var slot: Slot

    public init(slot: Slot) { self.slot = slot }

    public var hashTreeRoot: Root { slot.hashTreeRoot }
}

/// `RANDAO_REVEAL`: the epoch a proposer signs for the RANDAO mix (phase0 validator
/// `get_epoch_signature`, `DOMAIN_RANDAO`). Its root is that of the `uint64` epoch.
public struct RandaoReveal: HashTreeRootable, Hashable {
    public var epoch: Epoch

    public init(epoch: Epoch) { self.epoch = epoch }

    public var hashTreeRoot: Root { epoch.hashTreeRoot }
}
