using LabelStudio.Data.Identity;

namespace LabelStudio.Web.Features.Admin;

internal static class RoleHelp
{
    public static string Describe(string? role) => role switch
    {
        Roles.Admin => "Administrators manage users and projects, import and export data, and see everything.",
        Roles.Lead => "Leads label and, in their projects, review agreement and resolve conflicts.",
        _ => "Raters label the tasks of the projects they are members of.",
    };
}
