import Autograd
