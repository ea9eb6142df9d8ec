"""Independent check of the signer's signatures: the signing root computed in Python from the very
request body the signer got, and the signature verified with blspy.

The containers are ConsensusTypesTests/Python/ssz_reference.py's (remerkleable, written from the
consensus specs); the request JSON is read here from Web3Signer's schema (signing/schemas.yaml),
independently of the Swift parser: decimal-string integers, 0x hex bytes, SSZ-hex bit fields.
Domains follow phase0 compute_domain / get_domain, the deposit domain (zero genesis validators
root, the request's genesis_fork_version) and builder-specs compute_builder_domain.

stdin: {"genesis_fork_version": "0x…", "items": [{"body": {...}, "pubkey": "0x…", "signature": "0x…"}]}
stdout: {"roots": ["0x…"], "valid": [bool]}
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "ConsensusTypesTests", "Python"))
import ssz_reference as ref  # noqa: E402
from blspy import G1Element, G2Element, PopSchemeMPL  # noqa: E402
from remerkleable.basic import uint  # noqa: E402
from remerkleable.bitfields import Bitlist, Bitvector  # noqa: E402
from remerkleable.byte_arrays import ByteVector  # noqa: E402
from remerkleable.complex import Container, List, Vector  # noqa: E402

SLOTS_PER_EPOCH = 32
DOMAIN = {
    "BEACON_PROPOSER": bytes.fromhex("00000000"),
    "BEACON_ATTESTER": bytes.fromhex("01000000"),
    "RANDAO": bytes.fromhex("02000000"),
    "DEPOSIT": bytes.fromhex("03000000"),
    "VOLUNTARY_EXIT": bytes.fromhex("04000000"),
    "SELECTION_PROOF": bytes.fromhex("05000000"),
    "AGGREGATE_AND_PROOF": bytes.fromhex("06000000"),
    "SYNC_COMMITTEE": bytes.fromhex("07000000"),
    "SYNC_COMMITTEE_SELECTION_PROOF": bytes.fromhex("08000000"),
    "CONTRIBUTION_AND_PROOF": bytes.fromhex("09000000"),
    "APPLICATION_BUILDER": bytes.fromhex("00000001"),
}


def h(text):
    assert text.startswith("0x")
    return bytes.fromhex(text[2:])


def from_api(t, v):
    """A remerkleable value of type t from the API's JSON form."""
    if issubclass(t, uint):
        assert isinstance(v, str)
        return t(int(v))
    if issubclass(t, ByteVector):
        return t(h(v))
    if issubclass(t, (Bitlist, Bitvector)):
        return t.decode_bytes(h(v))
    if issubclass(t, (List, Vector)):
        return t([from_api(t.element_cls(), x) for x in v])
    if issubclass(t, Container):
        fields = t.fields()
        assert set(v) == set(fields), (t.__name__, sorted(v), sorted(fields))
        return t(**{name: from_api(ft, v[name]) for name, ft in fields.items()})
    raise TypeError(t)


def compute_domain(domain_type, fork_version, gvr):
    fork_data_root = ref.ForkData(current_version=fork_version, genesis_validators_root=gvr).hash_tree_root()
    return domain_type + bytes(fork_data_root)[:28]


def get_domain(fork_info, domain_type, epoch):
    fork = fork_info["fork"]
    version = h(fork["previous_version"]) if epoch < int(fork["epoch"]) else h(fork["current_version"])
    return compute_domain(DOMAIN[domain_type], version, h(fork_info["genesis_validators_root"]))


def compute_signing_root(obj, domain):
    return bytes(ref.SigningData(object_root=obj.hash_tree_root(), domain=domain).hash_tree_root())


def signing_root(body, genesis_fork_version):
    t = body["type"]
    fi = body.get("fork_info")
    if t == "AGGREGATION_SLOT":
        slot = ref.Slot(int(body["aggregation_slot"]["slot"]))
        return compute_signing_root(slot, get_domain(fi, "SELECTION_PROOF", int(slot) // SLOTS_PER_EPOCH))
    if t in ("AGGREGATE_AND_PROOF", "AGGREGATE_AND_PROOF_V2"):
        if t == "AGGREGATE_AND_PROOF":
            cls, data = ref.AggregateAndProof, body["aggregate_and_proof"]
        else:
            v = body["aggregate_and_proof"]["version"]
            cls = ref.ElectraAggregateAndProof if v in ("ELECTRA", "FULU") else ref.AggregateAndProof
            data = body["aggregate_and_proof"]["data"]
        obj = from_api(cls, data)
        return compute_signing_root(obj, get_domain(fi, "AGGREGATE_AND_PROOF", int(obj.aggregate.data.slot) // SLOTS_PER_EPOCH))
    if t == "ATTESTATION":
        obj = from_api(ref.AttestationData, body["attestation"])
        return compute_signing_root(obj, get_domain(fi, "BEACON_ATTESTER", int(obj.target.epoch)))
    if t in ("BLOCK", "BLOCK_V2"):
        if t == "BLOCK":
            obj = from_api(ref.BeaconBlock, body["block"])
        else:
            bb = body["beacon_block"]
            if bb["version"] == "PHASE0":
                obj = from_api(ref.BeaconBlock, bb["block"])
            elif bb["version"] == "ALTAIR":
                obj = from_api(ref.AltairBeaconBlock, bb["block"])
            else:
                obj = from_api(ref.BeaconBlockHeader, bb["block_header"])
        return compute_signing_root(obj, get_domain(fi, "BEACON_PROPOSER", int(obj.slot) // SLOTS_PER_EPOCH))
    if t == "DEPOSIT":
        d = body["deposit"]
        obj = ref.DepositMessage(
            pubkey=h(d["pubkey"]), withdrawal_credentials=h(d["withdrawal_credentials"]), amount=int(d["amount"]))
        return compute_signing_root(obj, compute_domain(DOMAIN["DEPOSIT"], h(d["genesis_fork_version"]), bytes(32)))
    if t == "RANDAO_REVEAL":
        epoch = ref.Epoch(int(body["randao_reveal"]["epoch"]))
        return compute_signing_root(epoch, get_domain(fi, "RANDAO", int(epoch)))
    if t == "VOLUNTARY_EXIT":
        obj = from_api(ref.VoluntaryExit, body["voluntary_exit"])
        return compute_signing_root(obj, get_domain(fi, "VOLUNTARY_EXIT", int(obj.epoch)))
    if t == "SYNC_COMMITTEE_MESSAGE":
        m = body["sync_committee_message"]
        root = ref.Root(h(m["beacon_block_root"]))
        return compute_signing_root(root, get_domain(fi, "SYNC_COMMITTEE", int(m["slot"]) // SLOTS_PER_EPOCH))
    if t == "SYNC_COMMITTEE_SELECTION_PROOF":
        obj = from_api(ref.SyncAggregatorSelectionData, body["sync_aggregator_selection_data"])
        return compute_signing_root(obj, get_domain(fi, "SYNC_COMMITTEE_SELECTION_PROOF", int(obj.slot) // SLOTS_PER_EPOCH))
    if t == "SYNC_COMMITTEE_CONTRIBUTION_AND_PROOF":
        obj = from_api(ref.ContributionAndProof, body["contribution_and_proof"])
        return compute_signing_root(obj, get_domain(fi, "CONTRIBUTION_AND_PROOF", int(obj.contribution.slot) // SLOTS_PER_EPOCH))
    if t == "VALIDATOR_REGISTRATION":
        obj = from_api(ref.ValidatorRegistrationV1, body["validator_registration"])
        return compute_signing_root(obj, compute_domain(DOMAIN["APPLICATION_BUILDER"], genesis_fork_version, bytes(32)))
    raise ValueError(t)


def main():
    req = json.load(sys.stdin)
    gfv = h(req["genesis_fork_version"])
    roots, valid = [], []
    for item in req["items"]:
        root = signing_root(item["body"], gfv)
        roots.append("0x" + root.hex())
        ok = False
        if item.get("signature"):
            pk = G1Element.from_bytes(h(item["pubkey"]))
            sig = G2Element.from_bytes(h(item["signature"]))
            ok = PopSchemeMPL.verify(pk, root, sig)
        valid.append(ok)
    json.dump({"roots": roots, "valid": valid}, sys.stdout)


main()
