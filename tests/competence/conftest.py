from tests.interpreters.conftest import approve, listed, make_interpreter, officer  # noqa: F401
from tests.settlement.conftest import new_case, oslo, oslo_user, proposed, year_2019  # noqa: F401
