"""Verifiable credentials for acquired units: Open Badges 3.0, unsigned or signed as a compact JWS.

* :mod:`cqpengine.credentials.badge` builds one ``OpenBadgeCredential`` (W3C Verifiable Credentials
  2.0 data model) per unit a candidate acquired at a decision, and reads back which unit of which
  certification version a credential states;
* :mod:`cqpengine.credentials.keys` reads Ed25519 keys from PEM files, bounded, never echoing them;
* :mod:`cqpengine.credentials.jose` signs a credential as a JOSE-secured credential (compact JWS,
  ``typ: vc+jwt``, ``alg: Ed25519``) and checks such a signature;
* :mod:`cqpengine.credentials.verify` gives the verdict on a credential: signature, dates, and the
  unit in the stated certification version.

Nothing here prints: the application layer (:mod:`cqpengine.app.credential`) writes the files and
the reporters word the verdicts.
"""
