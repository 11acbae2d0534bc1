"""What the notebooks and the web app show: the what-if explorer, the policy lab and the course's
exercises, as ipywidgets."""

from .course import Exercise
from .explorer import Explorer, explorer
from .policy_lab import PolicyLab, outlook_view, policy_lab

__all__ = ["Exercise", "Explorer", "PolicyLab", "explorer", "outlook_view", "policy_lab"]
