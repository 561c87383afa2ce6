"""torch.version: the torch version mindtorch implements; no CUDA/ROCm/CANN build of torch is in use
(MindSpore drives the devices), so those entries are None."""



__version__ = "2.13.0"
git_version = "unknown"
debug = False
cuda = None
hip = None
rocm = None
xpu = None
cann = None
supa = None
