"""DataLoader: batches from a dataset through a sampler and a collate function, in the main process or in
worker processes, in sampler order.

Workers start with the 'spawn' method by default (torch forks on Linux): a process forked after
MindSpore's kernel thread pools have run can deadlock in its first kernel (seen here: forked workers
spinning forever once the parent had run a test suite's worth of ops). Pass multiprocessing_context=
'fork' to fork anyway. With spawn, the dataset and collate_fn must be picklable, as on macOS/Windows."""
import itertools
import multiprocessing
import queue
import random
import traceback

from .dataset import IterableDataset
from .sampler import BatchSampler, RandomSampler, SequentialSampler
from ._collate import default_collate, default_convert


class WorkerInfo:
    def __init__(self, id, num_workers, seed, dataset):
        self.id, self.num_workers, self.seed, self.dataset = id, num_workers, seed, dataset

    def __repr__(self):
        return f"WorkerInfo(id={self.id}, num_workers={self.num_workers}, seed={self.seed}, dataset={self.dataset})"


_worker_info = None


def get_worker_info():
    return _worker_info


class _Fetcher:
    """Turns a sampler's output (an index, or a list of indices) into one collated item."""

    def __init__(self, dataset, auto_collation, collate_fn, drop_last):
        self.dataset, self.auto_collation, self.collate_fn, self.drop_last = dataset, auto_collation, collate_fn, drop_last
        self._iter = iter(dataset) if isinstance(dataset, IterableDataset) else None

    def fetch(self, index):
        if self._iter is not None:
            if self.auto_collation:
                data = []  # next() by hand: islice would call iter() again, which restarts an iterator whose
                for _ in index:  # __iter__ resets and returns self (transformers' pipeline iterators)
                    try:
                        data.append(next(self._iter))
                    except StopIteration:
                        break
                if not data or (self.drop_last and len(data) < len(index)):
                    raise StopIteration
                return self.collate_fn(data)
            return self.collate_fn(next(self._iter))
        if self.auto_collation:
            getitems = getattr(self.dataset, "__getitems__", None)
            data = getitems(index) if getitems else [self.dataset[i] for i in index]
            return self.collate_fn(data)
        return self.collate_fn(self.dataset[index])


class _ExceptionWrapper:
    def __init__(self, exc, where):
        self.exc_type = type(exc)
        self.msg = f"Caught {type(exc).__name__} {where}.\nOriginal {''.join(traceback.format_exception(exc))}"

    def reraise(self):
        try:
            err = self.exc_type(self.msg)
        except Exception:  # noqa: BLE001  an exception type whose constructor wants other arguments
            err = RuntimeError(self.msg)
        raise err


class _IterableIndices:
    """What drives an IterableDataset: a batch size worth of placeholders, forever."""

    def __init__(self, batch_size):
        self.batch_size = batch_size

    def __iter__(self):
        return itertools.repeat([None] * self.batch_size if self.batch_size else None)


def _worker_loop(dataset, index_queue, result_queue, auto_collation, collate_fn, drop_last, seed, init_fn, worker_id,
                 num_workers):
    global _worker_info
    from ... import manual_seed
    random.seed(seed)
    manual_seed(seed)
    _worker_info = WorkerInfo(worker_id, num_workers, seed, dataset)
    try:
        if init_fn is not None:
            init_fn(worker_id)
        fetcher = _Fetcher(dataset, auto_collation, collate_fn, drop_last)
    except Exception as e:  # noqa: BLE001  reported to the main process
        fetcher = _ExceptionWrapper(e, f"in DataLoader worker process {worker_id}")
    while True:
        task = index_queue.get()
        if task is None:
            break
        send_idx, index = task
        if isinstance(fetcher, _ExceptionWrapper):
            result_queue.put((send_idx, fetcher))
            continue
        try:
            data = fetcher.fetch(index)
        except StopIteration:
            data = _WorkerDone()
        except Exception as e:  # noqa: BLE001
            data = _ExceptionWrapper(e, f"in DataLoader worker process {worker_id}")
        result_queue.put((send_idx, data))


class _WorkerDone:
    pass


class DataLoader:
    def __init__(self, dataset, batch_size=1, shuffle=None, sampler=None, batch_sampler=None, num_workers=0,
                 collate_fn=None, pin_memory=False, drop_last=False, timeout=0, worker_init_fn=None,
                 multiprocessing_context=None, generator=None, *, prefetch_factor=None, persistent_workers=False,
                 pin_memory_device="", in_order=True):
        if num_workers < 0:
            raise ValueError("num_workers option should be non-negative; use num_workers=0 to disable "
                             "multiprocessing.")
        if num_workers == 0 and prefetch_factor is not None:
            raise ValueError("prefetch_factor option could only be specified in multiprocessing.let num_workers > 0 "
                             "to enable multiprocessing, otherwise set prefetch_factor to None.")
        if persistent_workers and num_workers == 0:
            raise ValueError("persistent_workers option needs num_workers > 0")
        self.dataset = dataset
        self.num_workers = num_workers
        self.prefetch_factor = 2 if num_workers and prefetch_factor is None else prefetch_factor
        self.pin_memory, self.pin_memory_device = pin_memory, pin_memory_device
        self.timeout, self.worker_init_fn = timeout, worker_init_fn
        self.multiprocessing_context = multiprocessing_context
        self.persistent_workers = persistent_workers
        self.generator = generator
        if isinstance(dataset, IterableDataset):
            if shuffle not in (None, False):
                raise ValueError(f"DataLoader with IterableDataset: expected unspecified shuffle option, but got "
                                 f"shuffle={shuffle}")
            if sampler is not None:
                raise ValueError(f"DataLoader with IterableDataset: expected unspecified sampler option, but got "
                                 f"sampler={sampler}")
            if batch_sampler is not None:
                raise ValueError(f"DataLoader with IterableDataset: expected unspecified batch_sampler option, but "
                                 f"got batch_sampler={batch_sampler}")
        else:
            shuffle = bool(shuffle)
        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError("batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and "
                                 "drop_last")
            batch_size, drop_last = None, False
        elif batch_size is None and drop_last:
            raise ValueError("batch_size=None option disables auto-batching and is mutually exclusive with drop_last")
        if sampler is None and not isinstance(dataset, IterableDataset):
            sampler = RandomSampler(dataset, generator=generator) if shuffle else SequentialSampler(dataset)
        if batch_size is not None and batch_sampler is None and sampler is not None:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)
        self.batch_size, self.drop_last = batch_size, drop_last
        self.sampler, self.batch_sampler = sampler, batch_sampler
        self.collate_fn = collate_fn or (default_collate if self._auto_collation else default_convert)
        self._workers = None

    @property
    def _auto_collation(self):
        return self.batch_sampler is not None or (isinstance(self.dataset, IterableDataset) and
                                                  self.batch_size is not None)

    @property
    def _index_sampler(self):
        if isinstance(self.dataset, IterableDataset):
            return _IterableIndices(self.batch_size)
        return self.batch_sampler if self.batch_sampler is not None else self.sampler

    def __len__(self):
        if isinstance(self.dataset, IterableDataset):
            n = len(self.dataset)
            if self.batch_size is not None:
                n = n // self.batch_size if self.drop_last else -(-n // self.batch_size)
            return n
        return len(self._index_sampler)

    def __iter__(self):
        if self.num_workers == 0:
            return self._single_process()
        return self._multi_process()

    def _single_process(self):
        fetcher = _Fetcher(self.dataset, self._auto_collation, self.collate_fn, self.drop_last)
        for index in self._index_sampler:
            try:
                yield fetcher.fetch(index)
            except StopIteration:
                return

    def _base_seed(self):
        from ... import empty
        from ... import _dtype as D
        return int(empty((), dtype=D.int64).random_(generator=self.generator).item())

    def _start_workers(self):
        ctx = self.multiprocessing_context
        if ctx is None:
            ctx = multiprocessing.get_context("spawn")
        elif isinstance(ctx, str):
            ctx = multiprocessing.get_context(ctx)
        base_seed = self._base_seed()
        result_queue = ctx.Queue()
        workers, index_queues = [], []
        for worker_id in range(self.num_workers):
            index_queue = ctx.Queue()
            w = ctx.Process(target=_worker_loop, daemon=True, args=(
                self.dataset, index_queue, result_queue, self._auto_collation, self.collate_fn, self.drop_last,
                base_seed + worker_id, self.worker_init_fn, worker_id, self.num_workers))
            w.start()
            workers.append(w)
            index_queues.append(index_queue)
        return workers, index_queues, result_queue

    def _stop_workers(self, pool):
        workers, index_queues, _ = pool
        for q in index_queues:
            q.put(None)
        for w in workers:
            w.join(timeout=5)
            if w.is_alive():
                w.terminate()

    def _multi_process(self):
        pool = self._workers if self.persistent_workers and self._workers else self._start_workers()
        if self.persistent_workers:
            self._workers = pool
        workers, index_queues, result_queue = pool
        iterable = isinstance(self.dataset, IterableDataset)
        indices = iter(self._index_sampler)
        sent = received = 0
        buffered = {}
        live = set(range(self.num_workers))
        try:
            def dispatch():
                nonlocal sent
                if not live:
                    return False
                try:
                    index = next(indices)
                except StopIteration:
                    return False
                worker = sorted(live)[sent % len(live)] if iterable else sent % self.num_workers
                index_queues[worker].put((sent, index))
                owners[sent] = worker
                sent += 1
                return True

            owners = {}
            for _ in range(self.prefetch_factor * self.num_workers):
                if not dispatch():
                    break
            while received < sent:
                while received not in buffered:
                    try:
                        idx, data = result_queue.get(timeout=self.timeout if self.timeout > 0 else None)
                    except queue.Empty:
                        raise RuntimeError(f"DataLoader timed out after {self.timeout} seconds") from None
                    buffered[idx] = data
                data = buffered.pop(received)
                received += 1
                if isinstance(data, _WorkerDone):
                    live.discard(owners[received - 1])
                    continue
                if isinstance(data, _ExceptionWrapper):
                    data.reraise()
                dispatch()
                yield data
        finally:
            if not self.persistent_workers:
                self._stop_workers(pool)

    def __del__(self):
        if getattr(self, "_workers", None):
            self._stop_workers(self._workers)
