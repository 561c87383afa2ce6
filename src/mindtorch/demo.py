"""`python -m mindtorch.demo`: a short mindtorch program end to end — views, autograd and a few
steps of gradient descent fitting a line (the HuggingFace main job comes with mindnlp)."""
import mindtorch as torch


def main():
    torch.manual_seed(0)
    x = torch.arange(12, dtype=torch.float32).view(3, 4)
    col = x[:, 1]
    col.mul_(10)
    print("x after writing through a column view:\n", x)

    inputs = torch.linspace(-1, 1, 32).view(32, 1) if hasattr(torch, "linspace") else torch.rand(32, 1)
    targets = inputs * 3.0 + 0.5
    w = torch.zeros(1, 1, requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    lr = 0.5
    for step in range(50):
        pred = inputs @ w + b
        loss = ((pred - targets) * (pred - targets)).mean()
        loss.backward()
        with torch.no_grad():
            w.sub_(w.grad * lr)
            b.sub_(b.grad * lr)
        w.grad = None
        b.grad = None
        if step % 10 == 0 or step == 49:
            print(f"step {step:2d}  loss {loss.item():.6f}")
    print(f"fitted w={w.item():.4f} b={b.item():.4f} (true 3.0, 0.5)")


if __name__ == "__main__":
    main()
