"""A tiny user store standing in for a database table."""
from dataclasses import dataclass

from werkzeug.security import check_password_hash


@dataclass
class User:
    id: int
    username: str
    password_hash: str


_users: dict[str, User] = {}


def add_user(user: User) -> None:
    _users[user.username] = user


def authenticate(username: str, password: str) -> User | None:
    """Return the user when the password matches, else None."""
    user = _users.get(username)
    if user is None or not check_password_hash(user.password_hash, password):
        return None
    return user
