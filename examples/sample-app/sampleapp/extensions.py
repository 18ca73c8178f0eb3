"""Extensions, created here and bound to the app in create_app."""
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

# Keyed on the client address: slows down password guessing per client.
limiter = Limiter(key_func=get_remote_address, default_limits=["200 per hour"])
