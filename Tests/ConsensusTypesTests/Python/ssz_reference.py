"""Reference SSZ roots for ConsensusTypes' differential test, from remerkleable (PyPI).

The containers below are written from the consensus specs (phase0, altair, capella, electra
beacon-chain.md and validator.md; builder-specs for ValidatorRegistrationV1), mainnet preset.
Fulu adds no signing container: its signing types are Electra's.

Reads one JSON object on stdin: {"type": name, "values": [value...]}, where a value is a JSON
number or decimal string (uintN), true/false (boolean), hex without 0x (ByteVector, ByteList),
a string of '0'/'1' (Bitvector, Bitlist), a list (Vector, List) or an object with the spec's
field names (Container). Writes {"roots": [hex...], "ssz": [hex...]}: hash_tree_root and
serialize of each value.
"""
import json
import sys

from remerkleable.basic import boolean, uint, uint8, uint16, uint32, uint64, uint128, uint256
from remerkleable.bitfields import Bitlist, Bitvector
from remerkleable.byte_arrays import ByteList, ByteVector, Bytes4, Bytes32, Bytes48, Bytes96
from remerkleable.complex import Container, List, Vector

# Mainnet preset.
MAX_VALIDATORS_PER_COMMITTEE = 2048
MAX_COMMITTEES_PER_SLOT = 64
MAX_PROPOSER_SLASHINGS = 16
MAX_ATTESTER_SLASHINGS = 2
MAX_ATTESTER_SLASHINGS_ELECTRA = 1
MAX_ATTESTATIONS = 128
MAX_ATTESTATIONS_ELECTRA = 8
MAX_DEPOSITS = 16
MAX_VOLUNTARY_EXITS = 16
SYNC_COMMITTEE_SIZE = 512
SYNC_COMMITTEE_SUBNET_COUNT = 4
DEPOSIT_CONTRACT_TREE_DEPTH = 32

Slot = uint64
Epoch = uint64
CommitteeIndex = uint64
ValidatorIndex = uint64
Gwei = uint64
Root = Bytes32
Version = Bytes4
Domain = Bytes32
BLSPubkey = Bytes48
BLSSignature = Bytes96
ExecutionAddress = ByteVector[20]


# phase0 beacon-chain.md
class Fork(Container):
    previous_version: Version
    current_version: Version
    epoch: Epoch


class ForkData(Container):
    current_version: Version
    genesis_validators_root: Root


class SigningData(Container):
    object_root: Root
    domain: Domain


class Checkpoint(Container):
    epoch: Epoch
    root: Root


class AttestationData(Container):
    slot: Slot
    index: CommitteeIndex
    beacon_block_root: Root
    source: Checkpoint
    target: Checkpoint


class IndexedAttestation(Container):
    attesting_indices: List[ValidatorIndex, MAX_VALIDATORS_PER_COMMITTEE]
    data: AttestationData
    signature: BLSSignature


class Attestation(Container):
    aggregation_bits: Bitlist[MAX_VALIDATORS_PER_COMMITTEE]
    data: AttestationData
    signature: BLSSignature


class Eth1Data(Container):
    deposit_root: Root
    deposit_count: uint64
    block_hash: Bytes32


class DepositMessage(Container):
    pubkey: BLSPubkey
    withdrawal_credentials: Bytes32
    amount: Gwei


class DepositData(Container):
    pubkey: BLSPubkey
    withdrawal_credentials: Bytes32
    amount: Gwei
    signature: BLSSignature


class BeaconBlockHeader(Container):
    slot: Slot
    proposer_index: ValidatorIndex
    parent_root: Root
    state_root: Root
    body_root: Root


class SignedBeaconBlockHeader(Container):
    message: BeaconBlockHeader
    signature: BLSSignature


class ProposerSlashing(Container):
    signed_header_1: SignedBeaconBlockHeader
    signed_header_2: SignedBeaconBlockHeader


class AttesterSlashing(Container):
    attestation_1: IndexedAttestation
    attestation_2: IndexedAttestation


class Deposit(Container):
    proof: Vector[Bytes32, DEPOSIT_CONTRACT_TREE_DEPTH + 1]
    data: DepositData


class VoluntaryExit(Container):
    epoch: Epoch
    validator_index: ValidatorIndex


class SignedVoluntaryExit(Container):
    message: VoluntaryExit
    signature: BLSSignature


class BeaconBlockBody(Container):
    randao_reveal: BLSSignature
    eth1_data: Eth1Data
    graffiti: Bytes32
    proposer_slashings: List[ProposerSlashing, MAX_PROPOSER_SLASHINGS]
    attester_slashings: List[AttesterSlashing, MAX_ATTESTER_SLASHINGS]
    attestations: List[Attestation, MAX_ATTESTATIONS]
    deposits: List[Deposit, MAX_DEPOSITS]
    voluntary_exits: List[SignedVoluntaryExit, MAX_VOLUNTARY_EXITS]


class BeaconBlock(Container):
    slot: Slot
    proposer_index: ValidatorIndex
    parent_root: Root
    state_root: Root
    body: BeaconBlockBody


# phase0 validator.md
class AggregateAndProof(Container):
    aggregator_index: ValidatorIndex
    aggregate: Attestation
    selection_proof: BLSSignature


# altair beacon-chain.md
class SyncAggregate(Container):
    sync_committee_bits: Bitvector[SYNC_COMMITTEE_SIZE]
    sync_committee_signature: BLSSignature


class AltairBeaconBlockBody(Container):
    randao_reveal: BLSSignature
    eth1_data: Eth1Data
    graffiti: Bytes32
    proposer_slashings: List[ProposerSlashing, MAX_PROPOSER_SLASHINGS]
    attester_slashings: List[AttesterSlashing, MAX_ATTESTER_SLASHINGS]
    attestations: List[Attestation, MAX_ATTESTATIONS]
    deposits: List[Deposit, MAX_DEPOSITS]
    voluntary_exits: List[SignedVoluntaryExit, MAX_VOLUNTARY_EXITS]
    sync_aggregate: SyncAggregate


class AltairBeaconBlock(Container):
    slot: Slot
    proposer_index: ValidatorIndex
    parent_root: Root
    state_root: Root
    body: AltairBeaconBlockBody


# altair validator.md
class SyncCommitteeContribution(Container):
    slot: Slot
    beacon_block_root: Root
    subcommittee_index: uint64
    aggregation_bits: Bitvector[SYNC_COMMITTEE_SIZE // SYNC_COMMITTEE_SUBNET_COUNT]
    signature: BLSSignature


class ContributionAndProof(Container):
    aggregator_index: ValidatorIndex
    contribution: SyncCommitteeContribution
    selection_proof: BLSSignature


class SyncAggregatorSelectionData(Container):
    slot: Slot
    subcommittee_index: uint64


# capella beacon-chain.md
class BLSToExecutionChange(Container):
    validator_index: ValidatorIndex
    from_bls_pubkey: BLSPubkey
    to_execution_address: ExecutionAddress


class SignedBLSToExecutionChange(Container):
    message: BLSToExecutionChange
    signature: BLSSignature


# electra beacon-chain.md and validator.md (EIP-7549)
class ElectraAttestation(Container):
    aggregation_bits: Bitlist[MAX_VALIDATORS_PER_COMMITTEE * MAX_COMMITTEES_PER_SLOT]
    data: AttestationData
    signature: BLSSignature
    committee_bits: Bitvector[MAX_COMMITTEES_PER_SLOT]


class ElectraIndexedAttestation(Container):
    attesting_indices: List[ValidatorIndex, MAX_VALIDATORS_PER_COMMITTEE * MAX_COMMITTEES_PER_SLOT]
    data: AttestationData
    signature: BLSSignature


class ElectraAttesterSlashing(Container):
    attestation_1: ElectraIndexedAttestation
    attestation_2: ElectraIndexedAttestation


class ElectraAggregateAndProof(Container):
    aggregator_index: ValidatorIndex
    aggregate: ElectraAttestation
    selection_proof: BLSSignature


# builder-specs
class ValidatorRegistrationV1(Container):
    fee_recipient: ExecutionAddress
    gas_limit: uint64
    timestamp: uint64
    pubkey: BLSPubkey


TYPES = {
    "phase0.Fork": Fork,
    "phase0.ForkData": ForkData,
    "phase0.SigningData": SigningData,
    "phase0.Checkpoint": Checkpoint,
    "phase0.AttestationData": AttestationData,
    "phase0.IndexedAttestation": IndexedAttestation,
    "phase0.Attestation": Attestation,
    "phase0.Eth1Data": Eth1Data,
    "phase0.DepositMessage": DepositMessage,
    "phase0.DepositData": DepositData,
    "phase0.BeaconBlockHeader": BeaconBlockHeader,
    "phase0.SignedBeaconBlockHeader": SignedBeaconBlockHeader,
    "phase0.ProposerSlashing": ProposerSlashing,
    "phase0.AttesterSlashing": AttesterSlashing,
    "phase0.Deposit": Deposit,
    "phase0.VoluntaryExit": VoluntaryExit,
    "phase0.SignedVoluntaryExit": SignedVoluntaryExit,
    "phase0.BeaconBlockBody": BeaconBlockBody,
    "phase0.BeaconBlock": BeaconBlock,
    "phase0.AggregateAndProof": AggregateAndProof,
    "phase0.AggregationSlot": Slot,
    "phase0.RandaoReveal": Epoch,
    "altair.SyncAggregate": SyncAggregate,
    "altair.BeaconBlockBody": AltairBeaconBlockBody,
    "altair.BeaconBlock": AltairBeaconBlock,
    "altair.SyncCommitteeContribution": SyncCommitteeContribution,
    "altair.ContributionAndProof": ContributionAndProof,
    "altair.SyncAggregatorSelectionData": SyncAggregatorSelectionData,
    "altair.SyncCommitteeMessageRoot": Root,
    "capella.BLSToExecutionChange": BLSToExecutionChange,
    "capella.SignedBLSToExecutionChange": SignedBLSToExecutionChange,
    "electra.Attestation": ElectraAttestation,
    "electra.IndexedAttestation": ElectraIndexedAttestation,
    "electra.AttesterSlashing": ElectraAttesterSlashing,
    "electra.AggregateAndProof": ElectraAggregateAndProof,
    "builder.ValidatorRegistrationV1": ValidatorRegistrationV1,
    # General SSZ types, for the merkleizer itself.
    "uint8": uint8,
    "uint16": uint16,
    "uint32": uint32,
    "uint64": uint64,
    "uint128": uint128,
    "uint256": uint256,
    "boolean": boolean,
    "ByteVector[20]": ByteVector[20],
    "ByteVector[48]": ByteVector[48],
    "ByteList[1]": ByteList[1],
    "ByteList[32]": ByteList[32],
    "ByteList[33]": ByteList[33],
    "ByteList[300]": ByteList[300],
    "Bitvector[1]": Bitvector[1],
    "Bitvector[8]": Bitvector[8],
    "Bitvector[255]": Bitvector[255],
    "Bitvector[257]": Bitvector[257],
    "Bitvector[513]": Bitvector[513],
    "Bitlist[1]": Bitlist[1],
    "Bitlist[8]": Bitlist[8],
    "Bitlist[256]": Bitlist[256],
    "Bitlist[257]": Bitlist[257],
    "Bitlist[2048]": Bitlist[2048],
    "Bitlist[1048576]": Bitlist[1048576],
    "Vector[uint8, 1]": Vector[uint8, 1],
    "Vector[uint16, 17]": Vector[uint16, 17],
    "Vector[uint32, 9]": Vector[uint32, 9],
    "Vector[uint64, 5]": Vector[uint64, 5],
    "Vector[uint128, 3]": Vector[uint128, 3],
    "Vector[uint256, 3]": Vector[uint256, 3],
    "Vector[boolean, 33]": Vector[boolean, 33],
    "Vector[Bytes32, 33]": Vector[Bytes32, 33],
    "Vector[Checkpoint, 5]": Vector[Checkpoint, 5],
    "List[uint8, 1]": List[uint8, 1],
    "List[uint16, 33]": List[uint16, 33],
    "List[uint32, 100]": List[uint32, 100],
    "List[uint64, 2048]": List[uint64, 2048],
    "List[uint128, 7]": List[uint128, 7],
    "List[uint256, 5]": List[uint256, 5],
    "List[boolean, 70]": List[boolean, 70],
    "List[uint64, 2147483648]": List[uint64, 2**31],
    "List[Bytes32, 33554432]": List[Bytes32, 2**25],
    "List[Checkpoint, 9]": List[Checkpoint, 9],
}


def decode(t, v):
    """Builds a value of remerkleable type `t` from its JSON form."""
    if issubclass(t, boolean):
        return t(bool(v))
    if issubclass(t, uint):
        return t(int(v))
    if issubclass(t, (ByteVector, ByteList)):
        return t(bytes.fromhex(v))
    if issubclass(t, (Bitvector, Bitlist)):
        return t([c == "1" for c in v])
    if issubclass(t, (List, Vector)):
        e = t.element_cls()
        # Long lists of uintN or Bytes32 go through remerkleable's deserialiser, which is much
        # faster than building one view per element (and is the same library's other path).
        if issubclass(e, uint) and not issubclass(e, boolean):
            return t.decode_bytes(b"".join(int(x).to_bytes(e.type_byte_length(), "little") for x in v))
        if issubclass(e, ByteVector):
            return t.decode_bytes(bytes.fromhex("".join(v)))
        return t([decode(e, x) for x in v])
    if issubclass(t, Container):
        fields = t.fields()
        if set(v) != set(fields):
            raise ValueError(f"{t.__name__}: got fields {sorted(v)}, want {sorted(fields)}")
        return t(**{name: decode(ft, v[name]) for name, ft in fields.items()})
    raise TypeError(f"no decoder for {t}")


def main():
    req = json.load(sys.stdin)
    t = TYPES[req["type"]]
    values = [decode(t, v) for v in req["values"]]
    json.dump({
        "roots": [v.hash_tree_root().hex() for v in values],
        "ssz": [v.encode_bytes().hex() for v in values],
    }, sys.stdout)


if __name__ == "__main__":
    main()
