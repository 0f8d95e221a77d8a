# LocalStack init hook (ready.d) installed by the deployer's test harness: adds
# POST /_localstack/state/reset, which forgets every object of every loaded service, so that each
# integration test starts clean. The community runtime has no such endpoint of its own (its state
# API comes with the paid edition); the reset walks each service's state containers as LocalStack's
# own persistence does (localstack.state: AccountRegionBundle stores, moto BackendDicts, asset
# directories) and runs the providers' reset hooks.
import os
import shutil

from localstack.http import Resource
from localstack.services.internal import get_internal_apis
from localstack.services.plugins import SERVICE_PLUGINS
from localstack.services.stores import AccountRegionBundle
from localstack.state.core import AssetDirectory, StateVisitor
from moto.core.base_backend import BackendDict


class _Forget(StateVisitor):
    def visit(self, container):
        if isinstance(container, AssetDirectory):
            path = str(container.path)
            if os.path.isdir(path):
                for name in os.listdir(path):
                    full = os.path.join(path, name)
                    if os.path.isdir(full):
                        shutil.rmtree(full, ignore_errors=True)
                    else:
                        os.remove(full)
            return
        if isinstance(container, AccountRegionBundle):
            # every account and region, cross-account data (S3's global bucket names) included
            container.reset()
            return
        if isinstance(container, BackendDict):
            # moto: account id -> region -> backend
            for account in list(container.values()):
                account.reset()
            return


class _StateReset:
    def on_post(self, request):
        done = []
        for name in SERVICE_PLUGINS.list_loaded_services():
            service = SERVICE_PLUGINS.get_service(name)
            provider = getattr(service, "_provider", None)
            if provider is not None and hasattr(provider, "on_before_state_reset"):
                provider.on_before_state_reset()
            # S3 keeps object bodies in open temporary files: close them before their directory goes.
            storage = getattr(provider, "_storage_backend", None)
            if storage is not None and hasattr(storage, "reset"):
                storage.reset()
            service.accept_state_visitor(_Forget())
            if provider is not None and hasattr(provider, "on_after_state_reset"):
                provider.on_after_state_reset()
            done.append(name)
        return {"reset": sorted(done)}


get_internal_apis().add(Resource("/_localstack/state/reset", _StateReset()))
