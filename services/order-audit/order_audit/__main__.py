"""python -m order_audit: read the settings, load the contracts, open the store, serve until SIGTERM."""
from __future__ import annotations

import logging
import signal
import threading

from .config import Config
from .http_app import AuditServer
from .logs import fields, setup_logging
from .schema import EventContract
from .store import Store

log = logging.getLogger("order_audit")


def main() -> None:
    config = Config.from_env()
    setup_logging(config.log_level)
    contract = EventContract(config.contracts_dir)  # fails fast on a missing or broken contracts folder
    store = Store(config.database_url, config.database_timeout_seconds)
    store.open()
    server = AuditServer(config, contract, store)

    def stop(signum: int, _frame: object) -> None:
        log.info("stopping", extra=fields(signal=signal.Signals(signum).name))
        # shutdown() waits for serve_forever() to return, so it must not run on the serving thread.
        threading.Thread(target=server.shutdown).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log.info("order-audit listening", extra=fields(host=config.host, port=config.port, topic="order-events"))
    try:
        server.serve_forever()
    finally:
        server.server_close()
        store.close()


if __name__ == "__main__":
    main()
