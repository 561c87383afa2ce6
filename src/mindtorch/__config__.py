"""torch.__config__: how this torch is built: mindtorch on MindSpore."""


def show():
    import mindspore
    return (f"mindtorch (the torch API on MindSpore)\n  - MindSpore {mindspore.__version__}\n"
            f"  - device_target: {mindspore.get_context('device_target')}\n")


def parallel_info():
    from ._runtime import get_num_threads
    return f"mindtorch on MindSpore\nat::get_num_threads() : {get_num_threads()}\n"


def _cxx_flags():
    return ""
