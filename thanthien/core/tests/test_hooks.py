from thanthien.core.hooks import Hook


def test_a_hook_calls_its_receivers_in_order_and_returns_their_results():
    hook: Hook[int, int] = Hook("test.numbers")
    hook.register(lambda n: n + 1)
    hook.register(lambda n: n * 10)

    assert hook.run(4) == [5, 40]


def test_registering_a_receiver_twice_keeps_one():
    hook: Hook[int, int] = Hook("test.twice")

    def double(n: int) -> int:
        return 2 * n

    hook.register(double)
    hook.register(double)

    assert hook.receivers == (double,)
    assert hook.run(3) == [6]
