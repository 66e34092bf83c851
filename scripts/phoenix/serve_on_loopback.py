"""Runs `phoenix serve` with its OTLP/gRPC receiver on loopback, or without it.

Phoenix binds its HTTP server to PHOENIX_HOST, but its gRPC receiver (phoenix/server/grpc_server.py
in arize-phoenix 20.26.1) always binds "[::]:<PHOENIX_GRPC_PORT>", every interface, and no setting
changes that. This launcher rewrites that wildcard address to PHOENIX_HOST (127.0.0.1 unless set)
before Phoenix starts, or, with PHOENIX_GRPC=off, starts Phoenix without its gRPC receiver. The
e2e test exports over OTLP/HTTP (port 6006), so it needs no gRPC at all.

Usage: python serve_on_loopback.py [phoenix serve arguments...]  (start.sh runs it)
"""

import os
import sys

from grpc.aio import _server as grpc_aio_server

WILDCARD_PREFIX = "[::]:"
LOOPBACK_HOST = os.environ.get("PHOENIX_HOST", "127.0.0.1")
rebound_addresses: list[str] = []


def loopback(address: str) -> str:
    """The address Phoenix asked for, with the wildcard host replaced by the loopback host."""
    if address.startswith(WILDCARD_PREFIX):
        address = f"{LOOPBACK_HOST}:{address[len(WILDCARD_PREFIX):]}"
        rebound_addresses.append(address)
    return address


original_add_insecure_port = grpc_aio_server.Server.add_insecure_port
original_add_secure_port = grpc_aio_server.Server.add_secure_port


def add_insecure_port(self, address):  # type: ignore[no-untyped-def]
    bound = loopback(address)
    print(f"serve_on_loopback: gRPC receiver bound to {bound}", file=sys.stderr, flush=True)
    return original_add_insecure_port(self, bound)


def add_secure_port(self, address, server_credentials):  # type: ignore[no-untyped-def]
    bound = loopback(address)
    print(f"serve_on_loopback: gRPC receiver (TLS) bound to {bound}", file=sys.stderr, flush=True)
    return original_add_secure_port(self, bound, server_credentials)


grpc_aio_server.Server.add_insecure_port = add_insecure_port
grpc_aio_server.Server.add_secure_port = add_secure_port

if os.environ.get("PHOENIX_GRPC", "on").lower() in ("off", "0", "false", "no"):
    from phoenix.server import grpc_server

    original_init = grpc_server.GrpcServer.__init__

    def init_disabled(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs["disabled"] = True
        original_init(self, *args, **kwargs)

    grpc_server.GrpcServer.__init__ = init_disabled
    print("serve_on_loopback: gRPC receiver disabled (PHOENIX_GRPC=off)", file=sys.stderr, flush=True)

from phoenix.server.main import main  # noqa: E402  (after the patches on purpose)

sys.argv = ["phoenix", "serve", *sys.argv[1:]]
sys.exit(main())
