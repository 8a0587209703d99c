from jxjy.access.scope import grants_of


def roles(request):
    """The roles of the logged-in user, for the navigation of every page."""
    user = getattr(request, "user", None)
    held = {grant.role for grant in grants_of(user)} if user is not None else set()
    return {"held_roles": held}
